package keys

import (
	"crypto/aes"
	"crypto/des"
	"crypto/rc4"
)

func C(k []byte) {
	des.NewCipher(k)  // WARD-EXPECT[DES]
	des.NewTripleDESCipher(k)  // WARD-EXPECT[3DES]
	rc4.NewCipher(k)  // WARD-EXPECT[RC4]
	aes.NewCipher(k)  // WARD-EXPECT[AES]
}
