using System.Security.Cryptography;

class RsaProvider {
    void M() {
        var r = new RSACryptoServiceProvider(1024);  // WARD-EXPECT[RSA-1024]
    }
}
