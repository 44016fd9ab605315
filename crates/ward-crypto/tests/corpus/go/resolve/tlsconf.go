package tlsconf

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
)

type Options struct {
	KeyType string
	RSABits int
}

var curvesByName = map[string]elliptic.Curve{
	"P-256": elliptic.P256(),
	"P-384": elliptic.P384(),
}

func (o Options) bits() int {
	if o.RSABits == 0 {
		return 2048
	}
	return o.RSABits
}

func (o Options) Key() (interface{}, error) {
	switch o.KeyType {
	case "rsa":
		return rsa.GenerateKey(rand.Reader, o.bits()) // WARD-EXPECT[RSA-2048]
	default:
		return ecdsa.GenerateKey(curvesByName[o.KeyType], rand.Reader) // WARD-EXPECT[ECDSA-P256,ECDSA-P384]
	}
}

func selfSigned(tmpl *x509.Certificate) ([]byte, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader) // WARD-EXPECT[ECDSA-P256]
	if err != nil {
		return nil, err
	}
	return x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
}

func sign(priv *ecdsa.PrivateKey, digest []byte) ([]byte, error) {
	r, s, err := ecdsa.Sign(rand.Reader, priv, digest) // WARD-EXPECT[ECDSA]
	if err != nil {
		return nil, err
	}
	return append(r.Bytes(), s.Bytes()...), nil
}

func check(pub *ecdsa.PublicKey, digest []byte, sig []byte) bool {
	return ecdsa.VerifyASN1(pub, digest, sig) // WARD-EXPECT[ECDSA]
}

func weak() (*rsa.PrivateKey, error) {
	n := 1024
	return rsa.GenerateKey(rand.Reader, n) // WARD-EXPECT[RSA-1024]
}

func fromBits(choice int) (*rsa.PrivateKey, error) {
	sizes := []int{2048, 3072, 4096}
	return rsa.GenerateKey(rand.Reader, sizes[choice]) // WARD-EXPECT[RSA-2048,RSA-3072,RSA-4096]
}
