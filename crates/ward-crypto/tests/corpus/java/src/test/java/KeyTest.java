import java.security.KeyPairGenerator;

class KeyTest {
    void t() throws Exception {
        KeyPairGenerator.getInstance("DSA").initialize(1024);  // WARD-EXPECT[DSA-1024]
    }
}
