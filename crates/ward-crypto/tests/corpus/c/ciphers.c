#include <openssl/evp.h>

void c(void) {
    const EVP_CIPHER *a = EVP_aes_128_ecb();  // WARD-EXPECT[AES-128]
    const EVP_CIPHER *b = EVP_des_ede3_cbc();  // WARD-EXPECT[3DES]
    const EVP_CIPHER *d = EVP_rc4();  // WARD-EXPECT[RC4]
    const EVP_CIPHER *e = EVP_aes_256_gcm();  // WARD-EXPECT[AES-256]
}
