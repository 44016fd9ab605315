fn k() {
    let sk = p256::ecdsa::SigningKey::random(&mut rand::thread_rng());  // WARD-EXPECT[ECDSA-P256]
    let kk = k256::ecdsa::SigningKey::random(&mut rand::thread_rng());  // WARD-EXPECT[ECDSA-secp256k1]
    let e = p384::ecdh::EphemeralSecret::random(&mut rand::thread_rng());  // WARD-EXPECT[ECDH-P384]
}
