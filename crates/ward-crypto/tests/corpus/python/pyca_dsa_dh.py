from cryptography.hazmat.primitives.asymmetric import dsa, dh

dsa_key = dsa.generate_private_key(key_size=1024)  # WARD-EXPECT[DSA-1024]
params = dh.generate_parameters(generator=2, key_size=2048)  # WARD-EXPECT[DH-2048]
