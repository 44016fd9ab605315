const crypto = require('crypto');

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {  // WARD-EXPECT[RSA-4096]
  modulusLength: 4096,
  publicExponent: 0x10001,
});
