use rsa::RsaPrivateKey;

fn key() -> RsaPrivateKey {
    let mut rng = rand::thread_rng();
    RsaPrivateKey::new(&mut rng, 3072).unwrap()  // WARD-EXPECT[RSA-3072]
}
