"""Names that look like key generation but are this project's own helpers."""
from myproject.crypto_utils import generate_parameters, ECDHelper


class Keys:
    def generate_private_key(self, size):
        return size


keys = Keys()
keys.generate_private_key(2048)
self_signed = keys.generate_private_key(4096)
my_rsa = Keys()
my_rsa.generate_private_key(1024)
generate_parameters(key_size=1024)
helper = ECDHelper(curve_name="SECP384R1")
ec2 = make_client("ec2")
ec2.generate_private_key(curve="P-256")
label = "generate_private_key and SECP256R1 in a sentence"
rsa_docs_url = "https://example.com/rsa-keys"
numbers = [1024, 2048, 3072]
dsa_count = len(numbers)
dh_table = {"dh": 1024}
curve = "secp256k1-like"
print("generating key of size", numbers[1])
