/// Example (do not use): `Rsa::generate(1024)`   WARD-EXPECT[RSA-1024]
pub fn nothing() {}
