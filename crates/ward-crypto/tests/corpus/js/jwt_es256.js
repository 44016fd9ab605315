const jwt = require('jsonwebtoken');

const token = jwt.sign(payload, privateKey, { algorithm: 'ES256', expiresIn: '1h' });  // WARD-EXPECT[ECDSA-P256]
