const crypto = require('crypto');

function enc(key, iv, data) {
  const c = crypto.createCipheriv('des-ede3-cbc', key, iv);  // WARD-EXPECT[3DES]
  return Buffer.concat([c.update(data), c.final()]);
}
