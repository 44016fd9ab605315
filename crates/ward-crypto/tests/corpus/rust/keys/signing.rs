use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::rsa::Rsa;
use rsa::RsaPrivateKey;

const BITS: usize = 2048;
const OPENSSL_BITS: u32 = 3072;

pub fn rsa_key(rng: &mut impl rand_core::CryptoRngCore) -> rsa::Result<RsaPrivateKey> {
    RsaPrivateKey::new(&mut *rng, BITS) // WARD-EXPECT[RSA-2048]
}

pub fn openssl_rsa() -> Result<Rsa<openssl::pkey::Private>, openssl::error::ErrorStack> {
    Rsa::generate(OPENSSL_BITS) // WARD-EXPECT[RSA-3072]
}

pub fn openssl_ec() -> Result<EcKey<openssl::pkey::Private>, openssl::error::ErrorStack> {
    let group = EcGroup::from_curve_name(Nid::SECP384R1)?; // WARD-EXPECT[ECDSA-P384]
    EcKey::generate(&group)
}

pub fn legacy_digest() -> MessageDigest {
    MessageDigest::sha1() // WARD-EXPECT[SHA-1]
}

pub fn p256_signer(bytes: &[u8]) -> Option<p256::ecdsa::SigningKey> { // WARD-EXPECT[ECDSA-P256]
    p256::ecdsa::SigningKey::from_slice(bytes).ok() // WARD-EXPECT[ECDSA-P256]
}
