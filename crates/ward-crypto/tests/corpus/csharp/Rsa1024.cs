using System.Security.Cryptography;

class Rsa1024 {
    RSA Make() => RSA.Create(1024);  // WARD-EXPECT[RSA-1024]
}
