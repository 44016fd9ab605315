using System.Security.Cryptography;

class Hashes {
    void M(byte[] d) {
        var a = MD5.Create();  // WARD-EXPECT[MD5]
        var b = SHA1.HashData(d);  // WARD-EXPECT[SHA-1]
        var c = SHA256.HashData(d);  // WARD-EXPECT[SHA-256]
        var e = new SHA1Managed();  // WARD-EXPECT[SHA-1]
    }
}
