package keys

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
)

func Gen() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)  // WARD-EXPECT[ECDSA-P384]
}
