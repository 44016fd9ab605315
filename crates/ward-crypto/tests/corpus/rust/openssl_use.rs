use openssl::rsa::Rsa;
use openssl::hash::MessageDigest;

fn o() {
    let k = Rsa::generate(2048).unwrap();  // WARD-EXPECT[RSA-2048]
    let m = MessageDigest::md5();  // WARD-EXPECT[MD5]
    let c = openssl::symm::Cipher::des_ede3_cbc();  // WARD-EXPECT[3DES]
    let g = openssl::ec::EcGroup::from_curve_name(openssl::nid::Nid::SECP384R1).unwrap();  // WARD-EXPECT[ECDSA-P384]
}
