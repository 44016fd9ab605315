#include <openssl/md5.h>
#include <openssl/sha.h>
#include <openssl/evp.h>

void h(const unsigned char *d, size_t n, unsigned char *out) {
    MD5(d, n, out);  // WARD-EXPECT[MD5]
    SHA1(d, n, out);  // WARD-EXPECT[SHA-1]
    const EVP_MD *md = EVP_sha256();  // WARD-EXPECT[SHA-256]
    const EVP_MD *old = EVP_md5();  // WARD-EXPECT[MD5]
}
