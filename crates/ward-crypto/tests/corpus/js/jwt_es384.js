const jwt = require('jsonwebtoken');

const token = jwt.sign(payload, privateKey, { algorithm: 'ES384', expiresIn: '1h' });  // WARD-EXPECT[ECDSA-P384]
