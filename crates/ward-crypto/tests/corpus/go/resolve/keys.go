package keys

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
)

const defaultBits = 3072

var legacyBits = 1024

type Config struct {
	Curve elliptic.Curve
	Bits  int
}

var defaultConfig = Config{Curve: elliptic.P224(), Bits: 2048}

func curveFor(name string) elliptic.Curve {
	switch name {
	case "p256":
		return elliptic.P256()
	case "p521":
		return elliptic.P521()
	}
	return elliptic.P384()
}

func NewRSA() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, defaultBits) // WARD-EXPECT[RSA-3072]
}

func NewLegacyRSA() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, legacyBits) // WARD-EXPECT[RSA-1024]
}

func NewEC(name string) (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(curveFor(name), rand.Reader) // WARD-EXPECT[ECDSA-P256,ECDSA-P521,ECDSA-P384]
}

func FromConfig(c Config) (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(c.Curve, rand.Reader) // WARD-EXPECT[ECDSA-P224]
}

func FromConfigBits(c Config) (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, c.Bits) // WARD-EXPECT[RSA-2048]
}

func generate(bits int) (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, bits) // WARD-EXPECT[RSA-4096,RSA-2048]
}

func Archive() (*rsa.PrivateKey, error) { return generate(4096) }

func Session() (*rsa.PrivateKey, error) { return generate(2 * 1024) }
