from cryptography.hazmat.primitives.asymmetric import ec

CURVE_BY_NAME = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1}


def load_point(name, data):
    curve = CURVE_BY_NAME[name]()
    return ec.EllipticCurvePublicKey.from_encoded_point(curve, data)  # WARD-EXPECT[ECDSA-P256,ECDSA-P384]


def public_from_jwk(jwk, x, y):
    curve = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1()}[jwk["crv"]]
    return ec.EllipticCurvePublicNumbers(x, y, curve).public_key()  # WARD-EXPECT[ECDSA-P256,ECDSA-P384,ECDSA-P521]


def private_from_jwk(d, pub):
    return ec.EllipticCurvePrivateNumbers(d, pub).private_key()  # WARD-EXPECT[ECDSA]


def derive(secret: int):
    return ec.derive_private_key(secret, ec.BrainpoolP256R1())  # WARD-EXPECT[ECDSA-brainpoolP256r1]


def derive_named(secret, curve_name="secp256k1"):
    curves = {"secp256k1": ec.SECP256K1(), "p256": ec.SECP256R1()}
    return ec.derive_private_key(secret, curves[curve_name])  # WARD-EXPECT[ECDSA-secp256k1]
