package keys

import "crypto/ed25519"

func Sign(k ed25519.PrivateKey, m []byte) []byte {
	return ed25519.Sign(k, m)  // WARD-EXPECT[Ed25519]
}
