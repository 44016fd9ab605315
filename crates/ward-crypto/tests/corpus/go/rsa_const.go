package keys

import (
	"crypto/rand"
	"crypto/rsa"
)

const bits = 2048

func Gen() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, bits)  // WARD-EXPECT[RSA-2048]
}

func Enc(pub *rsa.PublicKey, m []byte) ([]byte, error) {
	return rsa.EncryptOAEP(nil, rand.Reader, pub, m, nil)  // WARD-EXPECT[RSA]
}
