import paramiko

k1 = paramiko.DSSKey.generate(bits=1024)  # WARD-EXPECT[DSA-1024]
k2 = paramiko.ECDSAKey.generate()  # WARD-EXPECT[ECDSA]
