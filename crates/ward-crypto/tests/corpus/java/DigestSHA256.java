import java.security.MessageDigest;

class DigestSHA256 {
    byte[] h(byte[] d) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(d);  // WARD-EXPECT[SHA-256]
    }
}
