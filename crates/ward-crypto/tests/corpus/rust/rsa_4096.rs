use rsa::RsaPrivateKey;

fn key() -> RsaPrivateKey {
    let mut rng = rand::thread_rng();
    RsaPrivateKey::new(&mut rng, 4096).unwrap()  // WARD-EXPECT[RSA-4096]
}
