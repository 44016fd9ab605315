import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CURVES = [ec.SECP256R1(), ec.SECP384R1()]


@pytest.fixture(params=CURVES)
def ec_key(request):
    return ec.generate_private_key(request.param)  # WARD-EXPECT[ECDSA]


@pytest.mark.parametrize("bits", [1024, 2048])
def test_rsa_sizes(bits):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)  # WARD-EXPECT[RSA]
    assert key.key_size == bits


def test_curves():
    for curve in CURVES:
        key = ec.generate_private_key(curve)  # WARD-EXPECT[ECDSA-P256,ECDSA-P384]
        assert key.curve.name
