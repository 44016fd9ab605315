from Crypto.PublicKey import RSA
from Crypto.Signature import pkcs1_15

KEY_BITS = 2048

key = RSA.generate(KEY_BITS)  # WARD-EXPECT[RSA-2048]
signer = pkcs1_15.new(key)  # WARD-EXPECT[RSA]
