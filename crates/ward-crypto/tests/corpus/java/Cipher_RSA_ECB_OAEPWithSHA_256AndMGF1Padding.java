import javax.crypto.Cipher;

class Cipher_RSA_ECB_OAEPWithSHA_256AndMGF1Padding {
    Cipher c() throws Exception {
        return Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");  // WARD-EXPECT[RSA]
    }
}
