import javax.crypto.Cipher;

class Cipher_RSA_ECB_PKCS1Padding {
    Cipher c() throws Exception {
        return Cipher.getInstance("RSA/ECB/PKCS1Padding");  // WARD-EXPECT[RSA]
    }
}
