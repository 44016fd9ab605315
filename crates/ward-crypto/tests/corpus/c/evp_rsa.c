#include <openssl/evp.h>
#define KEY_BITS 4096

EVP_PKEY *gen(void) {
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);  /* WARD-EXPECT[RSA] */
    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, KEY_BITS);  // WARD-EXPECT[RSA-4096]
    return NULL;
}
