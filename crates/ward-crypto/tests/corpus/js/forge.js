const forge = require('node-forge');

const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });  // WARD-EXPECT[RSA-1024]
const md = forge.md.md5.create();  // WARD-EXPECT[MD5]
const cipher = forge.cipher.createCipher('3DES-CBC', key);  // WARD-EXPECT[3DES]
