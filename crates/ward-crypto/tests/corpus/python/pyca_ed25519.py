from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

signing = ed25519.Ed25519PrivateKey.generate()  # WARD-EXPECT[Ed25519]
kex = x25519.X25519PrivateKey.generate()  # WARD-EXPECT[X25519]
