#include <openssl/evp.h>

int is_legacy(int t) {
    return t == EVP_PKEY_DSA  // WARD-EXPECT[DSA]
        || t == EVP_PKEY_ED25519;  // WARD-EXPECT[Ed25519]
}
