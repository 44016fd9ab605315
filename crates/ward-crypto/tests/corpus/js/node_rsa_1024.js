const crypto = require('crypto');

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {  // WARD-EXPECT[RSA-1024]
  modulusLength: 1024,
  publicExponent: 0x10001,
});
