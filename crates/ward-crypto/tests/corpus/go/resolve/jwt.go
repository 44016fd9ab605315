package auth

import (
	"github.com/golang-jwt/jwt/v5"
)

var method = jwt.SigningMethodES256

func token(claims jwt.MapClaims, key interface{}) (string, error) {
	t := jwt.NewWithClaims(method, claims) // WARD-EXPECT[ECDSA-P256]
	return t.SignedString(key)
}

func legacy(claims jwt.MapClaims, key interface{}) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(key) // WARD-EXPECT[RSA]
}

func shared(claims jwt.MapClaims, secret []byte) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
}
