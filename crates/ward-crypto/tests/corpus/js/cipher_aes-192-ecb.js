const crypto = require('crypto');

function enc(key, iv, data) {
  const c = crypto.createCipheriv('aes-192-ecb', key, iv);  // WARD-EXPECT[AES-192]
  return Buffer.concat([c.update(data), c.final()]);
}
