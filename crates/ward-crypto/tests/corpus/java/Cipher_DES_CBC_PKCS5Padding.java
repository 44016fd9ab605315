import javax.crypto.Cipher;

class Cipher_DES_CBC_PKCS5Padding {
    Cipher c() throws Exception {
        return Cipher.getInstance("DES/CBC/PKCS5Padding");  // WARD-EXPECT[DES]
    }
}
