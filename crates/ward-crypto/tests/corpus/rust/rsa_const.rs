const BITS: usize = 3072;

fn key() -> rsa::RsaPrivateKey {
    rsa::RsaPrivateKey::new(&mut rand::thread_rng(), BITS).unwrap()  // WARD-EXPECT[RSA-3072]
}

fn pad() {
    let p = rsa::Oaep::new::<sha2::Sha256>();  // WARD-EXPECT[RSA]
}
