import java.security.KeyPairGenerator;

public class RsaKeys4096 {
    public static void main(String[] args) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");  // WARD-EXPECT[RSA-4096]
        kpg.initialize(4096);
        var kp = kpg.generateKeyPair();
    }
}
