import hashlib

def fingerprint(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()  # WARD-EXPECT[SHA-1]
