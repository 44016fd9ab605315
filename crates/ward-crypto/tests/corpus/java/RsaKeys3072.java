import java.security.KeyPairGenerator;

public class RsaKeys3072 {
    public static void main(String[] args) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");  // WARD-EXPECT[RSA-3072]
        kpg.initialize(3072);
        var kp = kpg.generateKeyPair();
    }
}
