package keys

import (
	"crypto/rand"
	"crypto/rsa"
)

func Gen() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 4096)  // WARD-EXPECT[RSA-4096]
}
