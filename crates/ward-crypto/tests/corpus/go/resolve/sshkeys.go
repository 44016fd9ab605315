package sshkeys

import (
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"

	"golang.org/x/crypto/ssh"
)

const hostKeyBits = 4096

func hostKeys() ([]ssh.Signer, error) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, hostKeyBits) // WARD-EXPECT[RSA-4096]
	if err != nil {
		return nil, err
	}
	rsaSigner, err := ssh.NewSignerFromKey(rsaKey) // WARD-EXPECT[RSA]
	if err != nil {
		return nil, err
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader) // WARD-EXPECT[Ed25519]
	if err != nil {
		return nil, err
	}
	edSigner, err := ssh.NewSignerFromKey(edKey)
	if err != nil {
		return nil, err
	}
	return []ssh.Signer{rsaSigner, edSigner}, nil
}

func curveBits(c elliptic.Curve) int {
	return c.Params().BitSize
}
