from Crypto.PublicKey import ECC, DSA

k = ECC.generate(curve='P-256')  # WARD-EXPECT[ECDSA-P256]
d = DSA.generate(2048)  # WARD-EXPECT[DSA-2048]
