const crypto = require('crypto');

function enc(key, iv, data) {
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);  // WARD-EXPECT[AES-256]
  return Buffer.concat([c.update(data), c.final()]);
}
