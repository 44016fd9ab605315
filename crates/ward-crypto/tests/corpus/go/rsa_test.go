package keys

import (
	"crypto/rand"
	"crypto/rsa"
	"testing"
)

func TestGen(t *testing.T) {
	_, _ = rsa.GenerateKey(rand.Reader, 1024)  // WARD-EXPECT[RSA-1024]
}
