import javax.crypto.Cipher;

class Cipher_Blowfish {
    Cipher c() throws Exception {
        return Cipher.getInstance("Blowfish");  // WARD-EXPECT[Blowfish]
    }
}
