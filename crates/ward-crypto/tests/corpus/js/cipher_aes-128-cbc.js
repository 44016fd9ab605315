const crypto = require('crypto');

function enc(key, iv, data) {
  const c = crypto.createCipheriv('aes-128-cbc', key, iv);  // WARD-EXPECT[AES-128]
  return Buffer.concat([c.update(data), c.final()]);
}
