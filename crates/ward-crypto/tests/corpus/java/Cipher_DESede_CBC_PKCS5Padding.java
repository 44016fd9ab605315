import javax.crypto.Cipher;

class Cipher_DESede_CBC_PKCS5Padding {
    Cipher c() throws Exception {
        return Cipher.getInstance("DESede/CBC/PKCS5Padding");  // WARD-EXPECT[3DES]
    }
}
