fn d() {
    let sk = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);  // WARD-EXPECT[Ed25519]
    let es = x25519_dalek::EphemeralSecret::random();  // WARD-EXPECT[X25519]
    let h = md5::compute(b"x");  // WARD-EXPECT[MD5]
}
