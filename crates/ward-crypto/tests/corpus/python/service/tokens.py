import jwt

ALGORITHM = "RS256"
ACCEPTED = ["ES256", "ES384"]


def issue(claims, key):
    return jwt.encode(claims, key, algorithm=ALGORITHM)  # WARD-EXPECT[RSA]


def check(token, key):
    return jwt.decode(token, key, algorithms=ACCEPTED)  # WARD-EXPECT[ECDSA-P256,ECDSA-P384]


def internal(claims, secret):
    return jwt.encode(claims, secret, algorithm="HS256")
