use rsa::RsaPrivateKey;

fn key() -> RsaPrivateKey {
    let mut rng = rand::thread_rng();
    RsaPrivateKey::new(&mut rng, 2048).unwrap()  // WARD-EXPECT[RSA-2048]
}
