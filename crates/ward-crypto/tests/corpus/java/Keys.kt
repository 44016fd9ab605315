import java.security.KeyPairGenerator

fun gen() {
    val kpg = KeyPairGenerator.getInstance("RSA")  // WARD-EXPECT[RSA-2048]
    kpg.initialize(2048)
    val md = java.security.MessageDigest.getInstance("MD5")  // WARD-EXPECT[MD5]
}
