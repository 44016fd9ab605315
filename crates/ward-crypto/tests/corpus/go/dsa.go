package keys

import "crypto/dsa"

func P(p *dsa.Parameters) error {
	return dsa.GenerateParameters(p, nil, dsa.L1024N160)  // WARD-EXPECT[DSA-1024]
}
