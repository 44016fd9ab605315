package keys

import (
	"crypto/rand"
	"crypto/rsa"
)

func Gen() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 3072)  // WARD-EXPECT[RSA-3072]
}
