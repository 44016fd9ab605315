using System.Security.Cryptography;

class Ecc {
    void M() {
        var s = ECDsa.Create(ECCurve.NamedCurves.nistP256);  // WARD-EXPECT[ECDSA-P256]
        var d = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);  // WARD-EXPECT[ECDH-P384]
        var dsa = DSA.Create(1024);  // WARD-EXPECT[DSA-1024]
    }
}
