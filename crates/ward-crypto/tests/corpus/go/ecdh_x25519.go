package keys

import "crypto/ecdh"

var a = ecdh.X25519()  // WARD-EXPECT[X25519]
var b = ecdh.P256()  // WARD-EXPECT[ECDH-P256]
