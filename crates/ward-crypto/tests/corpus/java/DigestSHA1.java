import java.security.MessageDigest;

class DigestSHA1 {
    byte[] h(byte[] d) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(d);  // WARD-EXPECT[SHA-1]
    }
}
