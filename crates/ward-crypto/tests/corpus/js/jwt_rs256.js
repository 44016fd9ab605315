const jwt = require('jsonwebtoken');

const token = jwt.sign(payload, privateKey, { algorithm: 'RS256', expiresIn: '1h' });  // WARD-EXPECT[RSA]
