from Crypto.PublicKey import RSA, ECC, DSA
from Crypto.Signature import DSS, pkcs1_15
from Crypto.Hash import SHA256

KEY_SIZES = [1024, 2048]


class Settings:
    curve = "P-256"
    rsa_bits = 4096


def make_keys(settings=Settings):
    ec_key = ECC.generate(curve=settings.curve)  # WARD-EXPECT[ECDSA-P256]
    rsa_key = RSA.generate(settings.rsa_bits)  # WARD-EXPECT[RSA-4096]
    return ec_key, rsa_key


def legacy():
    for bits in KEY_SIZES:
        yield RSA.generate(bits)  # WARD-EXPECT[RSA-1024,RSA-2048]


def sign_ec(data):
    key = ECC.generate(curve="P-384")  # WARD-EXPECT[ECDSA-P384]
    h = SHA256.new(data)  # WARD-EXPECT[SHA-256]
    return DSS.new(key, "fips-186-3").sign(h)  # WARD-EXPECT[ECDSA]


def sign_rsa(key, data):
    return pkcs1_15.new(key).sign(SHA256.new(data))  # WARD-EXPECT[RSA,SHA-256]


def rebuild(n, e):
    return RSA.construct((n, e))  # WARD-EXPECT[RSA]


def dsa_key(size=2048):
    key = DSA.generate(size)  # WARD-EXPECT[DSA-2048]
    return DSS.new(key, "fips-186-3")  # WARD-EXPECT[DSA]


def ec_point(x, y):
    return ECC.construct(curve="secp521r1", point_x=x, point_y=y)  # WARD-EXPECT[ECDSA-P521]
