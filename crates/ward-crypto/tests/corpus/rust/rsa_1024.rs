use rsa::RsaPrivateKey;

fn key() -> RsaPrivateKey {
    let mut rng = rand::thread_rng();
    RsaPrivateKey::new(&mut rng, 1024).unwrap()  // WARD-EXPECT[RSA-1024]
}
