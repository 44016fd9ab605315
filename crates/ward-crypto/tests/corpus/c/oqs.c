#include <oqs/oqs.h>

OQS_KEM *k(void) {
    return OQS_KEM_new(OQS_KEM_alg_ml_kem_1024);  // WARD-EXPECT[ML-KEM-1024]
}
