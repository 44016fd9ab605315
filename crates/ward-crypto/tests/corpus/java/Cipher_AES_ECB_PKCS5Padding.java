import javax.crypto.Cipher;

class Cipher_AES_ECB_PKCS5Padding {
    Cipher c() throws Exception {
        return Cipher.getInstance("AES/ECB/PKCS5Padding");  // WARD-EXPECT[AES]
    }
}
