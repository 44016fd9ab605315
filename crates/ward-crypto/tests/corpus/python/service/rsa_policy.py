from cryptography.hazmat.primitives.asymmetric.rsa import *
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives import hashes
import base64


def b64(s):
    return base64.urlsafe_b64decode(s + "==")


class KeyPolicy:
    KEY_BITS = 3072
    EXPONENT = 65537

    def generate(self):
        return generate_private_key(public_exponent=self.EXPONENT, key_size=self.KEY_BITS)  # WARD-EXPECT[RSA-3072]


def from_jwk(jwk):
    n = int.from_bytes(b64(jwk["n"]), "big")
    e = int.from_bytes(b64(jwk["e"]), "big")
    return RSAPublicNumbers(e, n).public_key()  # WARD-EXPECT[RSA]


def private_from_parts(p, q, d, dmp1, dmq1, iqmp, pub):
    numbers = RSAPrivateNumbers(p, q, d, dmp1, dmq1, iqmp, pub)  # WARD-EXPECT[RSA]
    return numbers.private_key()


def encrypt(public_key, message):
    oaep = padding.OAEP(  # WARD-EXPECT[RSA]
        mgf=padding.MGF1(algorithm=hashes.SHA256()),  # WARD-EXPECT[SHA-256]
        algorithm=hashes.SHA256(),  # WARD-EXPECT[SHA-256]
        label=None,
    )
    return public_key.encrypt(message, oaep)


def sign_pss(private_key, data):
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.MAX_LENGTH)  # WARD-EXPECT[RSA,SHA-256]
    return private_key.sign(data, pss, hashes.SHA256())  # WARD-EXPECT[SHA-256]


def verify_legacy(public_key, sig, data):
    public_key.verify(sig, data, padding.PKCS1v15(), hashes.SHA1())  # WARD-EXPECT[RSA,SHA-1]


SIZES = {"interactive": 2048, "archive": 4096}


def key_for(use):
    bits = SIZES.get(use, 2048)
    return generate_private_key(65537, SIZES[use])  # WARD-EXPECT[RSA-2048,RSA-4096]
