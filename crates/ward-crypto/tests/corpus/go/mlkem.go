package keys

import "crypto/mlkem"

func K() {
	dk, _ := mlkem.GenerateKey768()  // WARD-EXPECT[ML-KEM-768]
	_ = dk
}
