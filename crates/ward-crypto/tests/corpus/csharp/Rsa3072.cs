using System.Security.Cryptography;

class Rsa3072 {
    RSA Make() => RSA.Create(3072);  // WARD-EXPECT[RSA-3072]
}
