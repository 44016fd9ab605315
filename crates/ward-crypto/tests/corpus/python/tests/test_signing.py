from cryptography.hazmat.primitives.asymmetric import rsa

def test_sign():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # WARD-EXPECT[RSA-2048]
    assert key
