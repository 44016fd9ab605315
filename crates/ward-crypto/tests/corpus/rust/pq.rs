fn pq() {
    let (dk, ek) = ml_kem::MlKem768::generate(&mut rng);  // WARD-EXPECT[ML-KEM-768]
    let sk = ml_dsa::MlDsa87::key_gen(&mut rng);  // WARD-EXPECT[ML-DSA-87]
}
