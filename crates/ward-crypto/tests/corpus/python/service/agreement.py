from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives import hashes


class Session:
    curve = ec.SECP256R1()

    def __init__(self):
        self.key = ec.generate_private_key(self.curve)  # WARD-EXPECT[ECDSA-P256]
        self.ephemeral = X25519PrivateKey.generate()  # WARD-EXPECT[X25519]

    def agree(self, peer):
        shared = self.key.exchange(ec.ECDH(), peer)  # WARD-EXPECT[ECDH]
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"s").derive(shared)  # WARD-EXPECT[SHA-256]
