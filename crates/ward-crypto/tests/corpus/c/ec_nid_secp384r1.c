#include <openssl/ec.h>

EC_KEY *gen(void) {
    EC_KEY *k = EC_KEY_new_by_curve_name(NID_secp384r1);  // WARD-EXPECT[ECDSA-P384]
    return k;
}
