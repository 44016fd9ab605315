using System.Security.Cryptography;

class Rsa2048 {
    RSA Make() => RSA.Create(2048);  // WARD-EXPECT[RSA-2048]
}
