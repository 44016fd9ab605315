from cryptography.hazmat.primitives.asymmetric import rsa

RSA_KEY_SIZE = 2048

def gen():
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_SIZE)  # WARD-EXPECT[RSA-2048]
