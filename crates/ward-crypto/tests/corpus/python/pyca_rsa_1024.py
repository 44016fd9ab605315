from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes

def make_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # WARD-EXPECT[RSA-1024]

def digest():
    return hashes.Hash(hashes.SHA256())  # WARD-EXPECT[SHA-256]
