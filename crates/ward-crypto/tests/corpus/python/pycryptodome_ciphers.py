from Crypto.Cipher import AES, DES, DES3, ARC4

a = AES.new(key, AES.MODE_ECB)  # WARD-EXPECT[AES]
b = DES.new(key, DES.MODE_CBC, iv)  # WARD-EXPECT[DES]
c = DES3.new(key, DES3.MODE_CBC, iv)  # WARD-EXPECT[3DES]
d = ARC4.new(key)  # WARD-EXPECT[RC4]
