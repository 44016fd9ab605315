import javax.crypto.Cipher;

class Cipher_RC4 {
    Cipher c() throws Exception {
        return Cipher.getInstance("RC4");  // WARD-EXPECT[RC4]
    }
}
