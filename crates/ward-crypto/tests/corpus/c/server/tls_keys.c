#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/ec.h>
#include <openssl/dh.h>

#define SERVER_KEY_BITS 3072

EVP_PKEY *make_rsa(void)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL); /* WARD-EXPECT[RSA] */
    EVP_PKEY *pkey = NULL;
    if (ctx == NULL || EVP_PKEY_keygen_init(ctx) <= 0)
        return NULL;
    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, SERVER_KEY_BITS); /* WARD-EXPECT[RSA-3072] */
    EVP_PKEY_keygen(ctx, &pkey);
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

EC_KEY *make_ec(void)
{
    EC_KEY *key = EC_KEY_new_by_curve_name(NID_secp384r1); /* WARD-EXPECT[ECDSA-P384] */
    EC_KEY_generate_key(key);
    return key;
}

int sign_digest(EC_KEY *key, const unsigned char *dgst, int len, unsigned char *sig, unsigned int *siglen)
{
    return ECDSA_sign(0, dgst, len, sig, siglen, key); /* WARD-EXPECT[ECDSA] */
}

DH *make_dh(void)
{
    DH *dh = DH_new(); /* WARD-EXPECT[DH] */
    DH_generate_parameters_ex(dh, 2048, DH_GENERATOR_2, NULL); /* WARD-EXPECT[DH-2048] */
    return dh;
}

const EVP_MD *legacy_md(void)
{
    return EVP_sha1(); /* WARD-EXPECT[SHA-1] */
}

const EVP_CIPHER *legacy_cipher(void)
{
    return EVP_des_ede3_cbc(); /* WARD-EXPECT[3DES] */
}
