package lookalike

import (
	"fmt"

	"example.com/keys"
)

type generator struct{ bits int }

func (g generator) GenerateKey(bits int) int { return bits }

func run() {
	k := keys.GenerateKey(nil, 2048)
	myrsa := generator{bits: 1024}
	myrsa.GenerateKey(4096)
	ecdhCfg := generator{}
	ecdhCfg.GenerateKey(256)
	curveName := "P256"
	sizes := []int{1024, 2048}
	dsaTimeout := 30
	cache := map[string]int{"P384": 384}
	fmt.Println(k, curveName, sizes, dsaTimeout, cache)
	fmt.Println("generating 2048-bit key")
}
