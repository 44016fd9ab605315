using System.Security.Cryptography;

class Symmetric {
    void M() {
        var aes = Aes.Create();  // WARD-EXPECT[AES-128]
        aes.KeySize = 128;
        aes.Mode = CipherMode.ECB;
        var des = DES.Create();  // WARD-EXPECT[DES]
        var tdes = TripleDES.Create();  // WARD-EXPECT[3DES]
    }
}
