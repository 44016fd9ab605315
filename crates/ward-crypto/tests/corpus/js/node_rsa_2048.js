const crypto = require('crypto');

const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {  // WARD-EXPECT[RSA-2048]
  modulusLength: 2048,
  publicExponent: 0x10001,
});
