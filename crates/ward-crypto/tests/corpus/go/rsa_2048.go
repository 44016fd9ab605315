package keys

import (
	"crypto/rand"
	"crypto/rsa"
)

func Gen() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 2048)  // WARD-EXPECT[RSA-2048]
}
