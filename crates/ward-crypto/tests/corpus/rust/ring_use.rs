use ring::{agreement, digest, signature};

fn r() {
    let alg = &signature::RSA_PKCS1_2048_8192_SHA256;  // WARD-EXPECT[RSA]
    let e = &signature::ECDSA_P256_SHA256_ASN1_SIGNING;  // WARD-EXPECT[ECDSA-P256]
    let x = &agreement::X25519;  // WARD-EXPECT[X25519]
    let h = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, b"x");  // WARD-EXPECT[SHA-1]
    let a = &ring::aead::AES_128_GCM;  // WARD-EXPECT[AES-128]
}
