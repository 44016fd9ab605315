package keys

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
)

func Gen() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P521(), rand.Reader)  // WARD-EXPECT[ECDSA-P521]
}
