const jwt = require('jsonwebtoken');

const token = jwt.sign(payload, privateKey, { algorithm: 'EdDSA', expiresIn: '1h' });  // WARD-EXPECT[Ed25519]
