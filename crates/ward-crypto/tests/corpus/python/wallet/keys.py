import ecdsa
from ecdsa import SigningKey, VerifyingKey, NIST384p, ECDH
from nacl.signing import SigningKey as EdKey
from nacl.public import PrivateKey

BITCOIN_CURVE = ecdsa.SECP256k1


def wallet_key():
    return SigningKey.generate(curve=BITCOIN_CURVE)  # WARD-EXPECT[ECDSA-secp256k1]


def server_key():
    return SigningKey.generate(curve=NIST384p)  # WARD-EXPECT[ECDSA-P384]


def restore(secret: bytes):
    return ecdsa.SigningKey.from_string(secret, curve=BITCOIN_CURVE)  # WARD-EXPECT[ECDSA-secp256k1]


def peer(raw: bytes):
    return VerifyingKey.from_string(raw, curve=ecdsa.NIST256p)  # WARD-EXPECT[ECDSA-P256]


def agree(priv):
    ecdh = ECDH(curve=NIST384p)  # WARD-EXPECT[ECDH-P384]
    ecdh.load_private_key(priv)
    return ecdh


def device_keys():
    signing = EdKey.generate()  # WARD-EXPECT[Ed25519]
    box = PrivateKey.generate()  # WARD-EXPECT[X25519]
    return signing, box
