import java.security.MessageDigest;

class DigestSHA512 {
    byte[] h(byte[] d) throws Exception {
        return MessageDigest.getInstance("SHA-512").digest(d);  // WARD-EXPECT[SHA-512]
    }
}
