using System.Security.Cryptography;

class Rsa4096 {
    RSA Make() => RSA.Create(4096);  // WARD-EXPECT[RSA-4096]
}
