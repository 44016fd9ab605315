import cryptography.hazmat.primitives.asymmetric.rsa as rsa_mod
from cryptography.hazmat.primitives.asymmetric import ec as elliptic
from cryptography.hazmat.primitives.asymmetric import dsa, dh
from cryptography.hazmat.backends import default_backend


class KeyFactory:
    curve_class = elliptic.SECP384R1
    default_bits = 2048

    def __init__(self, bits=None):
        self.bits = bits

    def _size(self):
        return self.bits or self.default_bits

    def rsa(self):
        return rsa_mod.generate_private_key(public_exponent=65537, key_size=self._size(), backend=default_backend())  # WARD-EXPECT[RSA-2048]

    def ec(self):
        return elliptic.generate_private_key(self.curve_class(), default_backend())  # WARD-EXPECT[ECDSA-P384]

    @classmethod
    def dsa_key(cls, size=1024):
        return dsa.generate_private_key(size, default_backend())  # WARD-EXPECT[DSA-1024]


def pick_curve(level):
    table = [elliptic.SECP256R1, elliptic.SECP384R1, elliptic.SECP521R1]
    return table[level]()


def dh_exchange(params_bits=2048, generator=5):
    params = dh.generate_parameters(generator=generator, key_size=params_bits)  # WARD-EXPECT[DH-2048]
    return params.generate_private_key()


BITS, CURVE = 3072, elliptic.SECP256R1()
rsa_key = rsa_mod.generate_private_key(65537, BITS)  # WARD-EXPECT[RSA-3072]
ec_key = elliptic.generate_private_key(CURVE)  # WARD-EXPECT[ECDSA-P256]
high = elliptic.generate_private_key(pick_curve(2))  # WARD-EXPECT[ECDSA-P521]


def strict_key(strict):
    curve = elliptic.SECP384R1() if strict else elliptic.SECP256R1()
    return elliptic.generate_private_key(curve)  # WARD-EXPECT[ECDSA-P384,ECDSA-P256]


def sizes_from_env(env):
    bits = int(env.get("RSA_BITS", "4096"))
    return rsa_mod.generate_private_key(65537, key_size=4096 if bits > 4096 else 2048)  # WARD-EXPECT[RSA-4096,RSA-2048]


def doubled(base=1024):
    return rsa_mod.generate_private_key(65537, base * 2)  # WARD-EXPECT[RSA-2048]
