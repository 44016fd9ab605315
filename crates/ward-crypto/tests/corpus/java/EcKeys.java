import java.security.*;
import java.security.spec.ECGenParameterSpec;

class EcKeys {
    void gen() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");  // WARD-EXPECT[ECDSA-P384]
        g.initialize(new ECGenParameterSpec("secp384r1"));
        Signature s = Signature.getInstance("SHA256withECDSA");  // WARD-EXPECT[ECDSA]
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");  // WARD-EXPECT[ECDH]
    }
}
