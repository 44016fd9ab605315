#include <openssl/rsa.h>
#include <openssl/bn.h>

RSA *gen(void) {
    RSA *rsa = RSA_new();  // WARD-EXPECT[RSA]
    BIGNUM *e = BN_new();
    BN_set_word(e, RSA_F4);
    RSA_generate_key_ex(rsa, 4096, e, NULL);  // WARD-EXPECT[RSA-4096]
    return rsa;
}
