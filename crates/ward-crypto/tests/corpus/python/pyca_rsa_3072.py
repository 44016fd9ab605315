from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes

def make_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)  # WARD-EXPECT[RSA-3072]

def digest():
    return hashes.Hash(hashes.SHA256())  # WARD-EXPECT[SHA-256]
