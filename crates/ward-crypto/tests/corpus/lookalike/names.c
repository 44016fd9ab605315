#include <stdio.h>
int MD5_LEN = 16;
int SHA1LEN = 20;
int my_RSA_count;
void DESTROY(void) {}
const char *EVP_PKEY_name = "x";
