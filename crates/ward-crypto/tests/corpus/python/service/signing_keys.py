"""Signing keys for the token service."""
import cryptography.hazmat.primitives.asymmetric.ec as asym
from cryptography.hazmat.primitives import hashes, serialization

DEFAULT_CURVE = asym.SECP384R1()
LEGACY_CURVES = (asym.SECP256R1(), asym.SECP256K1())


def _curve_for(profile):
    if profile == "legacy":
        return asym.SECP256R1()
    return asym.SECP521R1()


def new_signing_key(curve=DEFAULT_CURVE):
    return asym.generate_private_key(curve)  # WARD-EXPECT[ECDSA-P384]


def key_for_profile(profile):
    curve = _curve_for(profile)
    return asym.generate_private_key(curve)  # WARD-EXPECT[ECDSA-P256,ECDSA-P521]


def legacy_keys():
    keys = []
    for c in LEGACY_CURVES:
        keys.append(asym.generate_private_key(c))  # WARD-EXPECT[ECDSA-P256,ECDSA-secp256k1]
    return keys


def second_legacy_key():
    return asym.generate_private_key(LEGACY_CURVES[1])  # WARD-EXPECT[ECDSA-secp256k1]


def sign(key, payload: bytes) -> bytes:
    return key.sign(payload, asym.ECDSA(hashes.SHA256()))  # WARD-EXPECT[ECDSA,SHA-256]


def shared_secret(key, peer):
    return key.exchange(asym.ECDH(), peer)  # WARD-EXPECT[ECDH]


def export(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
