from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

c1 = Cipher(algorithms.AES(key), modes.GCM(iv))  # WARD-EXPECT[AES]
c2 = Cipher(algorithms.TripleDES(key), modes.CBC(iv))  # WARD-EXPECT[3DES]
c3 = Cipher(algorithms.ChaCha20(key, nonce), mode=None)  # WARD-EXPECT[ChaCha20]
