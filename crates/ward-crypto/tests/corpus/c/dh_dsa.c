#include <openssl/dh.h>
#include <openssl/dsa.h>

void p(void) {
    DH *dh = DH_new();  // WARD-EXPECT[DH]
    DH_generate_parameters_ex(dh, 1024, 2, NULL);  // WARD-EXPECT[DH-1024]
    DSA *dsa = DSA_new();  // WARD-EXPECT[DSA]
    DSA_generate_parameters_ex(dsa, 2048, NULL, 0, NULL, NULL, NULL);  // WARD-EXPECT[DSA-2048]
}
