#include <sodium.h>

void s(unsigned char *pk, unsigned char *sk) {
    crypto_sign_keypair(pk, sk);  // WARD-EXPECT[Ed25519]
    crypto_box_keypair(pk, sk);  // WARD-EXPECT[X25519]
}
