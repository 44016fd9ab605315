from cryptography.hazmat.primitives.asymmetric import rsa

key = rsa.generate_private_key(  # WARD-EXPECT[RSA-3072]
    public_exponent=65537,
    key_size=3072,
)
