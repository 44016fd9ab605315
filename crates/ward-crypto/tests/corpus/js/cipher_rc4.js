const crypto = require('crypto');

function enc(key, iv, data) {
  const c = crypto.createCipheriv('rc4', key, iv);  // WARD-EXPECT[RC4]
  return Buffer.concat([c.update(data), c.final()]);
}
