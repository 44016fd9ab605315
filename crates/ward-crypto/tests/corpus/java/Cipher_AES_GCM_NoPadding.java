import javax.crypto.Cipher;

class Cipher_AES_GCM_NoPadding {
    Cipher c() throws Exception {
        return Cipher.getInstance("AES/GCM/NoPadding");  // WARD-EXPECT[AES]
    }
}
