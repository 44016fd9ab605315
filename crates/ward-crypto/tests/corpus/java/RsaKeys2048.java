import java.security.KeyPairGenerator;

public class RsaKeys2048 {
    public static void main(String[] args) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");  // WARD-EXPECT[RSA-2048]
        kpg.initialize(2048);
        var kp = kpg.generateKeyPair();
    }
}
