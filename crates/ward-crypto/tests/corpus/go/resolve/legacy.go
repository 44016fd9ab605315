package legacy

import (
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
)

const (
	minBits     = 512 * 2
	archiveBits = 1 << 12
)

func small() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, minBits) // WARD-EXPECT[RSA-1024]
}

func archive() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, archiveBits) // WARD-EXPECT[RSA-4096]
}

func multi() (*rsa.PrivateKey, error) {
	return rsa.GenerateMultiPrimeKey(rand.Reader, 3, archiveBits) // WARD-EXPECT[RSA-4096]
}

func marshal(curve elliptic.Curve) ([]byte, error) {
	priv, x, y, err := elliptic.GenerateKey(curve, rand.Reader) // WARD-EXPECT[ECDH-P256]
	_ = priv
	_ = y
	return x.Bytes(), err
}

func defaultMarshal() ([]byte, error) {
	return marshal(elliptic.P256())
}

func decrypt(k *rsa.PrivateKey, c []byte) ([]byte, error) {
	return rsa.DecryptPKCS1v15(rand.Reader, k, c) // WARD-EXPECT[RSA]
}

func verify(pub *rsa.PublicKey, h, sig []byte) error {
	return rsa.VerifyPKCS1v15(pub, 0, h, sig) // WARD-EXPECT[RSA]
}
