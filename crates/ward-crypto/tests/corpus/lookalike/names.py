md5sum_path = "/var/lib/md5sums"
parse_rsa_like = True
description = "DESCRIPTION of the DES-ign"
sha1_hex_len = 40
class Rsa_Helper: pass
def hashlib_version(): return "x"
rsa_generate_private_key_docs = "see docs"
ecdsa_note = "later"
