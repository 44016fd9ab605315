#include <openssl/ecdsa.h>

int sign(EC_KEY *k, const unsigned char *d, int n, unsigned char *sig, unsigned int *len) {
    return ECDSA_sign(0, d, n, sig, len, k);  // WARD-EXPECT[ECDSA]
}
