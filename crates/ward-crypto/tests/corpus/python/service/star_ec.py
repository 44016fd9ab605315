from cryptography.hazmat.primitives.asymmetric.ec import *
from cryptography.hazmat.primitives.asymmetric.dsa import *
from cryptography.hazmat.primitives import hashes

CURVES = {
    "es256": SECP256R1(),
    "es384": SECP384R1(),
}


def signing_key(alg="es256"):
    return generate_private_key(CURVES[alg])  # WARD-EXPECT[ECDSA-P256]


def es512_key():
    curve = SECP521R1()
    key = generate_private_key(curve)  # WARD-EXPECT[ECDSA-P521]
    return key


def numbers(x, y):
    return EllipticCurvePublicNumbers(x, y, SECP256K1())  # WARD-EXPECT[ECDSA-secp256k1]


def dsa_parameters(p, q, g):
    return DSAParameterNumbers(p, q, g).parameters()  # WARD-EXPECT[DSA]


def sign(key, data):
    return key.sign(data, ECDSA(hashes.SHA384()))  # WARD-EXPECT[ECDSA,SHA-384]
