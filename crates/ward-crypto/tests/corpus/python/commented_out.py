# Old code kept for reference:
# key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # WARD-EXPECT[RSA-1024]
import os
