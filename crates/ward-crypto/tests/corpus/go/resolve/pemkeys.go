package pemkeys

import (
	"crypto/elliptic"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math/big"
)

func parseRSA(data []byte) (interface{}, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no pem")
	}
	return x509.ParsePKCS1PrivateKey(block.Bytes) // WARD-EXPECT[RSA]
}

func parseEC(der []byte) (interface{}, error) {
	return x509.ParseECPrivateKey(der) // WARD-EXPECT[ECDSA]
}

func point(x, y *big.Int) []byte {
	return elliptic.Marshal(elliptic.P384(), x, y) // WARD-EXPECT[ECDH-P384]
}
