import java.security.KeyPairGenerator;

class RsaConst {
    private static final int KEY_SIZE = 3072;
    void gen() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");  // WARD-EXPECT[RSA-3072]
        g.initialize(KEY_SIZE);
    }
}
