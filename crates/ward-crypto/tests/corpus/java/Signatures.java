import java.security.Signature;

class Signatures {
    void s() throws Exception {
        Signature a = Signature.getInstance("SHA1withRSA");  // WARD-EXPECT[RSA,SHA-1]
        Signature b = Signature.getInstance("SHA256withRSA");  // WARD-EXPECT[RSA]
        Signature c = Signature.getInstance("Ed25519");  // WARD-EXPECT[Ed25519]
        Signature d = Signature.getInstance("SHA256withDSA");  // WARD-EXPECT[DSA]
    }
}
