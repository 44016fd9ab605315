package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	stdrsa "crypto/rsa"
	"crypto/sha256"
	"math/big"

	"golang.org/x/crypto/ssh"
)

var curves = []elliptic.Curve{elliptic.P256(), elliptic.P384()}

func keys() ([]*ecdsa.PrivateKey, error) {
	var out []*ecdsa.PrivateKey
	for _, c := range curves {
		k, err := ecdsa.GenerateKey(c, rand.Reader) // WARD-EXPECT[ECDSA-P256,ECDSA-P384]
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

func first() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(curves[0], rand.Reader) // WARD-EXPECT[ECDSA-P256]
}

func sign(k *ecdsa.PrivateKey, msg []byte) ([]byte, error) {
	h := sha256.Sum256(msg) // WARD-EXPECT[SHA-256]
	return ecdsa.SignASN1(rand.Reader, k, h[:]) // WARD-EXPECT[ECDSA]
}

func verify(pub *ecdsa.PublicKey, msg, sig []byte) bool {
	h := sha256.Sum256(msg) // WARD-EXPECT[SHA-256]
	return ecdsa.VerifyASN1(pub, h[:], sig) // WARD-EXPECT[ECDSA]
}

func publicFrom(x, y *big.Int) *ecdsa.PublicKey {
	return &ecdsa.PublicKey{Curve: elliptic.P521(), X: x, Y: y} // WARD-EXPECT[ECDSA-P521]
}

func rsaKey(bits int) (*stdrsa.PrivateKey, error) {
	return stdrsa.GenerateKey(rand.Reader, bits) // WARD-EXPECT[RSA-2048]
}

func hostSigner() (ssh.Signer, error) {
	key, err := rsaKey(2048)
	if err != nil {
		return nil, err
	}
	return ssh.NewSignerFromKey(key) // WARD-EXPECT[RSA]
}

func rsaSign(k *stdrsa.PrivateKey, digest []byte) ([]byte, error) {
	return stdrsa.SignPSS(rand.Reader, k, crypto.SHA256, digest, nil) // WARD-EXPECT[RSA]
}

func rsaPublic(n *big.Int) *stdrsa.PublicKey {
	return &stdrsa.PublicKey{N: n, E: 65537} // WARD-EXPECT[RSA]
}

func wrap(pub *stdrsa.PublicKey, key []byte) ([]byte, error) {
	return stdrsa.EncryptOAEP(sha256.New(), rand.Reader, pub, key, nil) // WARD-EXPECT[RSA,SHA-256]
}
