const crypto = require('crypto');

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {  // WARD-EXPECT[RSA-3072]
  modulusLength: 3072,
  publicExponent: 0x10001,
});
