import org.bouncycastle.crypto.engines.*;
import org.bouncycastle.crypto.digests.*;

class BouncyCastle {
    void b() {
        var e = new RSAEngine();  // WARD-EXPECT[RSA]
        var d = new MD5Digest();  // WARD-EXPECT[MD5]
        var s = new ECDSASigner();  // WARD-EXPECT[ECDSA]
        var x = new DESedeEngine();  // WARD-EXPECT[3DES]
    }
}
