from Crypto.PublicKey import RSA
from Crypto.Signature import pkcs1_15

KEY_BITS = 4096

key = RSA.generate(KEY_BITS)  # WARD-EXPECT[RSA-4096]
signer = pkcs1_15.new(key)  # WARD-EXPECT[RSA]
