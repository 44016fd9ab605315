package keys

import (
	"crypto/rand"
	"crypto/rsa"
)

func Gen() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 1024)  // WARD-EXPECT[RSA-1024]
}
