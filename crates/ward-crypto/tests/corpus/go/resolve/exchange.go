package exchange

import (
	"crypto/dsa"
	"crypto/ecdh"
	"crypto/rand"
)

var sizes = map[string]dsa.ParameterSizes{
	"default": dsa.L2048N256,
	"legacy":  dsa.L1024N160,
}

func dsaParams(level string) (*dsa.Parameters, error) {
	var p dsa.Parameters
	err := dsa.GenerateParameters(&p, rand.Reader, sizes[level]) // WARD-EXPECT[DSA-2048,DSA-1024]
	return &p, err
}

func dsaKey(params *dsa.Parameters) (*dsa.PrivateKey, error) {
	priv := new(dsa.PrivateKey)
	priv.Parameters = *params
	err := dsa.GenerateKey(priv, rand.Reader) // WARD-EXPECT[DSA]
	return priv, err
}

func dsaSign(priv *dsa.PrivateKey, digest []byte) ([]byte, error) {
	r, s, err := dsa.Sign(rand.Reader, priv, digest) // WARD-EXPECT[DSA]
	if err != nil {
		return nil, err
	}
	return append(r.Bytes(), s.Bytes()...), nil
}

func ecdhKey(strong bool) (*ecdh.PrivateKey, error) {
	curve := ecdh.P256() // WARD-EXPECT[ECDH-P256]
	if strong {
		curve = ecdh.P384() // WARD-EXPECT[ECDH-P384]
	}
	return curve.GenerateKey(rand.Reader) // WARD-EXPECT[ECDH-P256,ECDH-P384]
}

func peerKey(raw []byte) (*ecdh.PublicKey, error) {
	return ecdh.P521().NewPublicKey(raw) // WARD-EXPECT[ECDH-P521]
}

func x25519() (*ecdh.PrivateKey, error) {
	kx := ecdh.X25519() // WARD-EXPECT[X25519]
	return kx.GenerateKey(rand.Reader) // WARD-EXPECT[X25519]
}
