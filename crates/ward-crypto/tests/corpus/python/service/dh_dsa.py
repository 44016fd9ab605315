from cryptography.hazmat.primitives.asymmetric import dh, dsa

PARAMS = {"default": 2048, "fast": 1024}
GENERATOR = 2


def dh_params(mode="default"):
    size = PARAMS[mode]
    return dh.generate_parameters(GENERATOR, size)  # WARD-EXPECT[DH-2048,DH-1024]


def dh_from_numbers(p, g, y):
    pn = dh.DHParameterNumbers(p, g)  # WARD-EXPECT[DH]
    return dh.DHPublicNumbers(y, pn).public_key()  # WARD-EXPECT[DH]


def dh_private(x, pub):
    return dh.DHPrivateNumbers(x, pub).private_key()  # WARD-EXPECT[DH]


def dsa_key(bits=1024):
    return dsa.generate_private_key(key_size=bits)  # WARD-EXPECT[DSA-1024]


def dsa_params(bits):
    return dsa.generate_parameters(bits)  # WARD-EXPECT[DSA-3072]


def dsa_from(p, q, g, y):
    params = dsa.DSAParameterNumbers(p, q, g)  # WARD-EXPECT[DSA]
    return dsa.DSAPublicNumbers(y, params).public_key()  # WARD-EXPECT[DSA]


def dsa_private(x, pub):
    return dsa.DSAPrivateNumbers(x, pub).private_key()  # WARD-EXPECT[DSA]


DEFAULT_DH = dh_params()
FAST_DH = dh_params("fast")
ARCHIVE_DSA = dsa_params(3072)
