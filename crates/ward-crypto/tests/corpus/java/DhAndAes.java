import java.security.KeyPairGenerator;
import javax.crypto.KeyGenerator;

class DhAndAes {
    void g() throws Exception {
        KeyPairGenerator dh = KeyPairGenerator.getInstance("DH");  // WARD-EXPECT[DH-2048]
        dh.initialize(2048);
        KeyGenerator aes = KeyGenerator.getInstance("AES");  // WARD-EXPECT[AES-128]
        aes.init(128);
    }
}
