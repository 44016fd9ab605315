import java.security.MessageDigest;

class DigestMD5 {
    byte[] h(byte[] d) throws Exception {
        return MessageDigest.getInstance("MD5").digest(d);  // WARD-EXPECT[MD5]
    }
}
