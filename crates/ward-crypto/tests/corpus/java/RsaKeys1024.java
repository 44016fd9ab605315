import java.security.KeyPairGenerator;

public class RsaKeys1024 {
    public static void main(String[] args) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");  // WARD-EXPECT[RSA-1024]
        kpg.initialize(1024);
        var kp = kpg.generateKeyPair();
    }
}
