#include <openssl/ec.h>

EC_KEY *gen(void) {
    EC_KEY *k = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);  // WARD-EXPECT[ECDSA-P256]
    return k;
}
