from cryptography.hazmat.primitives.asymmetric import ec

private_key = ec.generate_private_key(ec.SECP384R1())  # WARD-EXPECT[ECDSA-P384]
shared = private_key.exchange(ec.ECDH(), peer_public_key)  # WARD-EXPECT[ECDH]
