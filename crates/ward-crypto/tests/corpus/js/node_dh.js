const crypto = require('crypto');

const dh = crypto.getDiffieHellman('modp2');  // WARD-EXPECT[DH-1024]
const dh2 = crypto.createDiffieHellman(2048);  // WARD-EXPECT[DH-2048]
