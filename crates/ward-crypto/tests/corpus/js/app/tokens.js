const jwt = require('jsonwebtoken');

function issue(payload, key) {
  return jwt.sign(payload, key, { algorithm: 'RS256', expiresIn: '1h' }); // WARD-EXPECT[RSA]
}

function check(token, key) {
  return jwt.verify(token, key, { algorithms: ['ES256'] }); // WARD-EXPECT[ECDSA-P256]
}

module.exports = { issue, check };
