from Crypto.PublicKey import RSA
from Crypto.Signature import pkcs1_15

KEY_BITS = 3072

key = RSA.generate(KEY_BITS)  # WARD-EXPECT[RSA-3072]
signer = pkcs1_15.new(key)  # WARD-EXPECT[RSA]
