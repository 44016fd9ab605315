import paramiko
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ALGORITHMS = {
    "rsa": {"bits": 2048},
    "ecdsa": {"curve": ec.SECP521R1()},
}


def host_key(kind):
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=ALGORITHMS["rsa"]["bits"])  # WARD-EXPECT[RSA-2048]
    return ec.generate_private_key(ALGORITHMS["ecdsa"]["curve"])  # WARD-EXPECT[ECDSA-P521]


def client_key(bits=1024):
    return paramiko.RSAKey.generate(bits=bits)  # WARD-EXPECT[RSA-1024]


def client_ec_key():
    curve = ec.SECP384R1()
    return paramiko.ECDSAKey.generate(curve=curve)  # WARD-EXPECT[ECDSA-P384]


def dss_key():
    return paramiko.DSSKey.generate(bits=2048)  # WARD-EXPECT[DSA-2048]
