import hashlib

def fingerprint(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()  # WARD-EXPECT[SHA-512]
