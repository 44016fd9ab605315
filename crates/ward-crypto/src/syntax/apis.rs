//! The APIs the syntax layer recognises, as data: which callee (module/package, class or
//! function), which argument names the algorithm, key size or curve. Adding an API is a row; each
//! row's examples are scanned by a test and must give the row's family.

use crate::algo::Family::{self, *};
use crate::lang::Lang;

/// Which argument: by position, or by keyword / struct field name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub pos: u8,
    pub kw: &'static str,
}

const fn at(pos: u8, kw: &'static str) -> Slot {
    Slot { pos, kw }
}

/// A keyword-only argument.
const fn kw(kw: &'static str) -> Slot {
    Slot { pos: u8::MAX, kw }
}

/// How a row reads its parameters.
#[derive(Debug, Clone, Copy)]
pub(crate) enum How {
    /// The family alone.
    Plain,
    /// Key size from an argument (a number, or a name such as `dsa.L2048N256`).
    Size(Slot),
    /// Curve from an argument (an object such as `ec.SECP384R1()`, or a name string).
    Curve(Slot),
    /// A JCA `getInstance(name)`: the algorithm is the string.
    Jca(&'static str),
    /// The family of the object passed (BouncyCastle `DSADigestSigner(new ECDSASigner(), …)`),
    /// the row's family when it cannot be resolved.
    FamilyOf(Slot),
    /// The curve is the receiver (Go `ecdh.P384().GenerateKey(…)`).
    RecvCurve,
    /// A JWT algorithm name (`RS256`, `ES384`, `SigningMethodPS256`) in any argument, or a list
    /// of them.
    Jwt,
}

/// One recognised API.
#[derive(Debug)]
pub(crate) struct Api {
    pub id: &'static str,
    pub lang: Lang,
    /// Dotted path suffix of the callee; `*` matches one segment.
    pub callee: &'static str,
    pub family: Family,
    pub how: How,
    /// The size or curve may also come from `.initialize(…)` / `.init(…)` on the result.
    pub init: bool,
    /// Padding or use, when the API fixes it (`oaep`, `pss`, `pkcs1v15`; `pke`, `kem`).
    pub tag: &'static str,
    /// Code whose last line must give a finding of this row (checked by a test).
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the table's test"))]
    pub example: &'static str,
}

const fn row(
    id: &'static str,
    lang: Lang,
    callee: &'static str,
    family: Family,
    how: How,
    example: &'static str,
) -> Api {
    Api {
        id,
        lang,
        callee,
        family,
        how,
        init: false,
        tag: "",
        example,
    }
}

const fn tagged(mut a: Api, tag: &'static str) -> Api {
    a.tag = tag;
    a
}

const fn inited(mut a: Api) -> Api {
    a.init = true;
    a
}

use How::*;
use Lang::{Go as G, Java as J, Python as P};

/// Every row.
#[rustfmt::skip]
pub(crate) static APIS: &[Api] = &[
    // ---- Python: pyca/cryptography
    row("python.rsa-keygen", P, "rsa.generate_private_key", Rsa, Size(at(1, "key_size")), "from cryptography.hazmat.primitives.asymmetric import rsa\nrsa.generate_private_key(65537, 2048)"),
    row("python.dsa-keygen", P, "dsa.generate_private_key", Dsa, Size(at(0, "key_size")), "dsa.generate_private_key(key_size=1024)"),
    row("python.dsa-keygen", P, "dsa.generate_parameters", Dsa, Size(at(0, "key_size")), "dsa.generate_parameters(2048)"),
    row("python.dh-params", P, "dh.generate_parameters", Dh, Size(at(1, "key_size")), "dh.generate_parameters(generator=2, key_size=2048)"),
    row("python.ec-keygen", P, "ec.generate_private_key", Ecdsa, Curve(at(0, "curve")), "curve = ec.SECP384R1()\nec.generate_private_key(curve)"),
    row("python.ec-keygen", P, "ec.derive_private_key", Ecdsa, Curve(at(1, "curve")), "ec.derive_private_key(5, ec.SECP256K1())"),
    row("python.ec-numbers", P, "ec.EllipticCurvePublicNumbers", Ecdsa, Curve(at(2, "curve")), "ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1())"),
    row("python.ec-numbers", P, "ec.EllipticCurvePrivateNumbers", Ecdsa, Plain, "ec.EllipticCurvePrivateNumbers(d, pub)"),
    row("python.ec-point", P, "EllipticCurvePublicKey.from_encoded_point", Ecdsa, Curve(at(0, "curve")), "ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP384R1(), data)"),
    row("python.ecdsa-sig", P, "ec.ECDSA", Ecdsa, Plain, "key.sign(data, ec.ECDSA(hashes.SHA256()))"),
    row("python.ecdh", P, "ec.ECDH", Ecdh, Plain, "key.exchange(ec.ECDH(), peer)"),
    row("python.rsa-numbers", P, "rsa.RSAPublicNumbers", Rsa, Plain, "rsa.RSAPublicNumbers(e, n)"),
    row("python.rsa-numbers", P, "rsa.RSAPrivateNumbers", Rsa, Plain, "rsa.RSAPrivateNumbers(p, q, d, dmp1, dmq1, iqmp, pub)"),
    row("python.dsa-numbers", P, "dsa.DSAParameterNumbers", Dsa, Plain, "dsa.DSAParameterNumbers(p, q, g)"),
    row("python.dsa-numbers", P, "dsa.DSAPublicNumbers", Dsa, Plain, "dsa.DSAPublicNumbers(y, params)"),
    row("python.dsa-numbers", P, "dsa.DSAPrivateNumbers", Dsa, Plain, "dsa.DSAPrivateNumbers(x, pub)"),
    row("python.dh-numbers", P, "dh.DHParameterNumbers", Dh, Plain, "dh.DHParameterNumbers(p, 2)"),
    row("python.dh-numbers", P, "dh.DHPublicNumbers", Dh, Plain, "dh.DHPublicNumbers(y, pn)"),
    row("python.dh-numbers", P, "dh.DHPrivateNumbers", Dh, Plain, "dh.DHPrivateNumbers(x, pub)"),
    tagged(row("python.rsa-padding", P, "padding.OAEP", Rsa, Plain, "key.encrypt(m, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))"), "oaep"),
    tagged(row("python.rsa-padding", P, "padding.PSS", Rsa, Plain, "key.sign(m, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())"), "pss"),
    tagged(row("python.rsa-padding", P, "padding.PKCS1v15", Rsa, Plain, "key.sign(m, padding.PKCS1v15(), hashes.SHA256())"), "pkcs1v15"),
    // ---- Python: python-ecdsa, PyNaCl
    row("python.ecdsa-lib", P, "ecdsa.SigningKey.generate", Ecdsa, Curve(kw("curve")), "from ecdsa import SigningKey, NIST384p\nSigningKey.generate(curve=NIST384p)"),
    row("python.ecdsa-lib", P, "ecdsa.SigningKey.from_string", Ecdsa, Curve(kw("curve")), "import ecdsa\necdsa.SigningKey.from_string(s, curve=ecdsa.SECP256k1)"),
    row("python.ecdsa-lib", P, "ecdsa.SigningKey.from_secret_exponent", Ecdsa, Curve(kw("curve")), "import ecdsa\necdsa.SigningKey.from_secret_exponent(e, curve=ecdsa.NIST256p)"),
    row("python.ecdsa-lib", P, "ecdsa.VerifyingKey.from_string", Ecdsa, Curve(kw("curve")), "from ecdsa import VerifyingKey\nVerifyingKey.from_string(s, curve=c)"),
    row("python.ecdsa-lib", P, "ecdsa.ECDH", Ecdh, Curve(kw("curve")), "from ecdsa import ECDH, NIST256p\nECDH(curve=NIST256p)"),
    row("python.nacl", P, "signing.SigningKey.generate", Ed25519, Plain, "from nacl.signing import SigningKey\nSigningKey.generate()"),
    row("python.nacl", P, "public.PrivateKey.generate", X25519, Plain, "from nacl.public import PrivateKey\nPrivateKey.generate()"),
    // ---- Python: PyCryptodome, paramiko
    row("python.pycryptodome-pk", P, "RSA.generate", Rsa, Size(at(0, "bits")), "RSA.generate(bits=1024)"),
    row("python.pycryptodome-pk", P, "RSA.construct", Rsa, Plain, "RSA.construct((n, e))"),
    row("python.pycryptodome-pk", P, "DSA.generate", Dsa, Size(at(0, "bits")), "DSA.generate(2048)"),
    row("python.pycryptodome-pk", P, "DSA.construct", Dsa, Plain, "DSA.construct((y, g, p, q))"),
    row("python.pycryptodome-ecc", P, "ECC.generate", Ecdsa, Curve(kw("curve")), "ECC.generate(curve='P-384')"),
    row("python.pycryptodome-ecc", P, "ECC.construct", Ecdsa, Curve(kw("curve")), "ECC.construct(curve='P-256', d=d)"),
    row("python.pycryptodome-sig", P, "DSS.new", Dsa, FamilyOf(at(0, "key")), "key = ECC.generate(curve='P-256')\nDSS.new(key, 'fips-186-3')"),
    row("python.paramiko", P, "paramiko.RSAKey.generate", Rsa, Size(at(0, "bits")), "paramiko.RSAKey.generate(bits)"),
    row("python.paramiko", P, "paramiko.DSSKey.generate", Dsa, Size(at(0, "bits")), "paramiko.DSSKey.generate(1024)"),
    row("python.paramiko", P, "paramiko.ECDSAKey.generate", Ecdsa, Curve(kw("curve")), "paramiko.ECDSAKey.generate(curve=ec.SECP384R1())"),
    row("python.jwt", P, "jwt.encode", Rsa, Jwt, "jwt.encode(claims, key, algorithm=\"RS256\")"),
    row("python.jwt", P, "jwt.decode", Rsa, Jwt, "ALGS = [\"ES256\"]\njwt.decode(token, key, algorithms=ALGS)"),
    row("python.jwt", P, "jws.sign", Rsa, Jwt, "jws.sign(payload, key, algorithm=\"ES384\")"),
    // ---- Java: JCA/JCE
    inited(row("java.jca-getinstance", J, "KeyPairGenerator.getInstance", Rsa, Jca("KeyPairGenerator"), "String alg = \"RSA\";\nKeyPairGenerator.getInstance(alg);")),
    inited(row("java.jca-getinstance", J, "AlgorithmParameterGenerator.getInstance", Dh, Jca("AlgorithmParameterGenerator"), "AlgorithmParameterGenerator.getInstance(\"DH\");")),
    inited(row("java.jca-getinstance", J, "KeyGenerator.getInstance", Aes, Jca("KeyGenerator"), "KeyGenerator.getInstance(\"AES\");")),
    row("java.jca-getinstance", J, "KeyFactory.getInstance", Ecdsa, Jca("KeyFactory"), "KeyFactory.getInstance(\"EC\");"),
    row("java.jca-getinstance", J, "KeyAgreement.getInstance", Dh, Jca("KeyAgreement"), "KeyAgreement.getInstance(\"DH\");"),
    row("java.jca-getinstance", J, "Signature.getInstance", Rsa, Jca("Signature"), "static final String SIG = \"SHA256with\" + \"RSA\";\nSignature.getInstance(SIG);"),
    row("java.jca-getinstance", J, "Cipher.getInstance", Rsa, Jca("Cipher"), "Cipher.getInstance(String.format(\"%s/ECB/OAEPPadding\", \"RSA\"));"),
    row("java.jca-getinstance", J, "MessageDigest.getInstance", Md5, Jca("MessageDigest"), "String h = \"MD5\";\nMessageDigest.getInstance(h);"),
    row("java.jca-getinstance", J, "Mac.getInstance", Sha1, Jca("Mac"), "Mac.getInstance(\"HmacSHA1\");"),
    row("java.jca-spec", J, "DHGenParameterSpec", Dh, Size(at(0, "")), "new DHGenParameterSpec(2048, 256);"),
    row("java.jca-spec", J, "DHParameterSpec", Dh, Plain, "new DHParameterSpec(p, g);"),
    tagged(row("java.jca-spec", J, "PSSParameterSpec", Rsa, Plain, "sig.setParameter(new PSSParameterSpec(\"SHA-256\", \"MGF1\", MGF1ParameterSpec.SHA256, 32, 1));"), "pss"),
    row("java.jca-keyspec", J, "RSAPublicKeySpec", Rsa, Plain, "new RSAPublicKeySpec(modulus, exponent);"),
    row("java.jca-keyspec", J, "RSAPrivateKeySpec", Rsa, Plain, "new RSAPrivateKeySpec(modulus, d);"),
    row("java.jca-keyspec", J, "RSAPrivateCrtKeySpec", Rsa, Plain, "new RSAPrivateCrtKeySpec(n, e, d, p, q, dp, dq, qi);"),
    row("java.jca-keyspec", J, "ECPublicKeySpec", Ecdsa, Plain, "new ECPublicKeySpec(point, params);"),
    row("java.jca-keyspec", J, "ECPrivateKeySpec", Ecdsa, Plain, "new ECPrivateKeySpec(s, params);"),
    row("java.jca-keyspec", J, "DSAPublicKeySpec", Dsa, Plain, "new DSAPublicKeySpec(y, p, q, g);"),
    row("java.jca-keyspec", J, "DSAPrivateKeySpec", Dsa, Plain, "new DSAPrivateKeySpec(x, p, q, g);"),
    row("java.jca-keyspec", J, "DHPublicKeySpec", Dh, Plain, "new DHPublicKeySpec(y, p, g);"),
    row("java.jca-keyspec", J, "DHPrivateKeySpec", Dh, Plain, "new DHPrivateKeySpec(x, p, g);"),
    tagged(row("java.jca-spec", J, "OAEPParameterSpec", Rsa, Plain, "new OAEPParameterSpec(\"SHA-256\", \"MGF1\", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);"), "oaep"),
    // ---- Java: BouncyCastle lightweight API
    row("java.bc-params", J, "RSAKeyParameters", Rsa, Plain, "new RSAKeyParameters(false, mod, exp);"),
    row("java.bc-params", J, "RSAPrivateCrtKeyParameters", Rsa, Plain, "new RSAPrivateCrtKeyParameters(n, e, d, p, q, dp, dq, qi);"),
    row("java.bc-params", J, "ECPublicKeyParameters", Ecdsa, Plain, "new ECPublicKeyParameters(q, domain);"),
    row("java.bc-params", J, "ECPrivateKeyParameters", Ecdsa, Plain, "new ECPrivateKeyParameters(d, domain);"),
    row("java.bc-params", J, "DSAPublicKeyParameters", Dsa, Plain, "new DSAPublicKeyParameters(y, params);"),
    row("java.bc-params", J, "DSAPrivateKeyParameters", Dsa, Plain, "new DSAPrivateKeyParameters(x, params);"),
    row("java.bc-params", J, "DHPublicKeyParameters", Dh, Plain, "new DHPublicKeyParameters(y, params);"),
    row("java.bc-params", J, "DHPrivateKeyParameters", Dh, Plain, "new DHPrivateKeyParameters(x, params);"),
    row("java.bc-params", J, "Ed25519PrivateKeyParameters", Ed25519, Plain, "new Ed25519PrivateKeyParameters(random);"),
    row("java.bc-params", J, "X25519PrivateKeyParameters", X25519, Plain, "new X25519PrivateKeyParameters(random);"),
    inited(row("java.bc-keygen", J, "Ed25519KeyPairGenerator", Ed25519, Plain, "new Ed25519KeyPairGenerator();")),
    inited(row("java.bc-keygen", J, "X25519KeyPairGenerator", X25519, Plain, "new X25519KeyPairGenerator();")),
    row("java.bc-signer", J, "RSADigestSigner", Rsa, Plain, "new RSADigestSigner(new SHA256Digest());"),
    row("java.bc-signer", J, "DSADigestSigner", Dsa, FamilyOf(at(0, "")), "new DSADigestSigner(new ECDSASigner(), new SHA256Digest());"),
    tagged(row("java.bc-signer", J, "PSSSigner", Rsa, Plain, "new PSSSigner(new RSAEngine(), new SHA256Digest(), 32);"), "pss"),
    row("java.bc-signer", J, "ISO9796d2Signer", Rsa, Plain, "new ISO9796d2Signer(new RSAEngine(), new SHA1Digest());"),
    row("java.bc-signer", J, "ISO9796d2PSSSigner", Rsa, Plain, "new ISO9796d2PSSSigner(engine, digest, 20);"),
    row("java.bc-signer", J, "X931Signer", Rsa, Plain, "new X931Signer(new RSAEngine(), new SHA256Digest());"),
    row("java.bc-signer", J, "GenericSigner", Rsa, FamilyOf(at(0, "")), "new GenericSigner(new RSAEngine(), new SHA256Digest());"),
    row("java.bc-signer", J, "Ed25519ctxSigner", Ed25519, Plain, "new Ed25519ctxSigner(ctx);"),
    row("java.bc-signer", J, "Ed25519phSigner", Ed25519, Plain, "new Ed25519phSigner(ctx);"),
    row("java.bc-signer", J, "Ed448Signer", Ed448, Plain, "new Ed448Signer(ctx);"),
    row("java.bc-signer", J, "ECDSASigner", Ecdsa, Plain, "new ECDSASigner();"),
    row("java.bc-signer", J, "ECNRSigner", Ecdsa, Plain, "new ECNRSigner();"),
    row("java.bc-signer", J, "DSASigner", Dsa, Plain, "new DSASigner();"),
    tagged(row("java.bc-kem", J, "RSAKEMGenerator", Rsa, Plain, "new RSAKEMGenerator(32, kdf, rnd);"), "kem"),
    tagged(row("java.bc-kem", J, "RSAKEMExtractor", Rsa, Plain, "new RSAKEMExtractor(priv, 32, kdf);"), "kem"),
    tagged(row("java.bc-kem", J, "ECIESKEMGenerator", Ecdh, Plain, "new ECIESKEMGenerator(32, kdf, rnd);"), "kem"),
    tagged(row("java.bc-kem", J, "ECIESKEMExtractor", Ecdh, Plain, "new ECIESKEMExtractor(priv, 32, kdf);"), "kem"),
    tagged(row("java.bc-cipher", J, "OAEPEncoding", Rsa, FamilyOf(at(0, "")), "new OAEPEncoding(new RSAEngine());"), "oaep"),
    tagged(row("java.bc-cipher", J, "PKCS1Encoding", Rsa, FamilyOf(at(0, "")), "new PKCS1Encoding(new RSAEngine());"), "pkcs1v15"),
    tagged(row("java.bc-cipher", J, "BufferedAsymmetricBlockCipher", Rsa, FamilyOf(at(0, "")), "new BufferedAsymmetricBlockCipher(new OAEPEncoding(new RSAEngine()));"), "pke"),
    tagged(row("java.bc-cipher", J, "RSAEngine", Rsa, Plain, "new RSAEngine();"), "pke"),
    tagged(row("java.bc-cipher", J, "RSABlindedEngine", Rsa, Plain, "new RSABlindedEngine();"), "pke"),
    inited(row("java.bc-keygen", J, "RSAKeyPairGenerator", Rsa, Plain, "new RSAKeyPairGenerator();")),
    inited(row("java.bc-keygen", J, "DSAKeyPairGenerator", Dsa, Plain, "new DSAKeyPairGenerator();")),
    inited(row("java.bc-keygen", J, "DSAParametersGenerator", Dsa, Plain, "new DSAParametersGenerator();")),
    inited(row("java.bc-keygen", J, "DHParametersGenerator", Dh, Plain, "new DHParametersGenerator();")),
    inited(row("java.bc-keygen", J, "DHKeyPairGenerator", Dh, Plain, "new DHKeyPairGenerator();")),
    inited(row("java.bc-keygen", J, "ECKeyPairGenerator", Ecdsa, Plain, "new ECKeyPairGenerator();")),
    row("java.bc-agreement", J, "DHBasicAgreement", Dh, Plain, "new DHBasicAgreement();"),
    row("java.bc-agreement", J, "ECDHBasicAgreement", Ecdh, Plain, "new ECDHBasicAgreement();"),
    row("java.bc-agreement", J, "ECDHCBasicAgreement", Ecdh, Plain, "new ECDHCBasicAgreement();"),
    row("java.jwt", J, "signWith", Rsa, Jwt, "Jwts.builder().setSubject(s).signWith(key, SignatureAlgorithm.RS256);"),
    row("java.jwt", J, "Algorithm.RSA256", Rsa, Plain, "JWT.create().sign(Algorithm.RSA256(pub, priv));"),
    row("java.jwt", J, "Algorithm.ECDSA256", Ecdsa, Plain, "JWT.create().sign(Algorithm.ECDSA256(pub, priv));"),
    // ---- Go: crypto/* and x/crypto
    row("go.rsa", G, "rsa.GenerateKey", Rsa, Size(at(1, "")), "import \"crypto/rsa\"\nfunc f() { bits := 2048; rsa.GenerateKey(rand.Reader, bits) }"),
    row("go.rsa", G, "rsa.GenerateMultiPrimeKey", Rsa, Size(at(2, "")), "func f() { rsa.GenerateMultiPrimeKey(rand.Reader, 3, 3072) }"),
    row("go.rsa", G, "rsa.PublicKey", Rsa, Plain, "func f() { _ = &rsa.PublicKey{N: n, E: 65537} }"),
    row("go.rsa", G, "rsa.PrivateKey", Rsa, Plain, "func f() { _ = rsa.PrivateKey{D: d} }"),
    tagged(row("go.rsa", G, "rsa.SignPSS", Rsa, Plain, "func f() { rsa.SignPSS(r, k, h, d, nil) }"), "pss"),
    tagged(row("go.rsa", G, "rsa.VerifyPSS", Rsa, Plain, "func f() { rsa.VerifyPSS(k, h, d, s, nil) }"), "pss"),
    tagged(row("go.rsa", G, "rsa.SignPKCS1v15", Rsa, Plain, "func f() { rsa.SignPKCS1v15(r, k, h, d) }"), "pkcs1v15"),
    tagged(row("go.rsa", G, "rsa.VerifyPKCS1v15", Rsa, Plain, "func f() { rsa.VerifyPKCS1v15(k, h, d, s) }"), "pkcs1v15"),
    tagged(row("go.rsa", G, "rsa.EncryptOAEP", Rsa, Plain, "func f() { rsa.EncryptOAEP(h, r, k, m, nil) }"), "oaep"),
    tagged(row("go.rsa", G, "rsa.DecryptOAEP", Rsa, Plain, "func f() { rsa.DecryptOAEP(h, r, k, c, nil) }"), "oaep"),
    tagged(row("go.rsa", G, "rsa.EncryptPKCS1v15", Rsa, Plain, "func f() { rsa.EncryptPKCS1v15(r, k, m) }"), "pkcs1v15"),
    tagged(row("go.rsa", G, "rsa.DecryptPKCS1v15", Rsa, Plain, "func f() { rsa.DecryptPKCS1v15(r, k, c) }"), "pkcs1v15"),
    row("go.ecdsa", G, "ecdsa.GenerateKey", Ecdsa, Curve(at(0, "")), "func f() { c := elliptic.P384(); ecdsa.GenerateKey(c, rand.Reader) }"),
    row("go.ecdsa", G, "ecdsa.PublicKey", Ecdsa, Curve(at(0, "Curve")), "func f() { _ = ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y} }"),
    row("go.ecdsa", G, "ecdsa.PrivateKey", Ecdsa, Plain, "func f() { _ = ecdsa.PrivateKey{D: d} }"),
    row("go.ecdsa", G, "ecdsa.Sign", Ecdsa, Plain, "func f() { ecdsa.Sign(rand.Reader, k, h) }"),
    row("go.ecdsa", G, "ecdsa.SignASN1", Ecdsa, Plain, "func f() { ecdsa.SignASN1(rand.Reader, k, h) }"),
    row("go.ecdsa", G, "ecdsa.Verify", Ecdsa, Plain, "func f() { ecdsa.Verify(&k.PublicKey, h, r, s) }"),
    row("go.ecdsa", G, "ecdsa.VerifyASN1", Ecdsa, Plain, "func f() { ecdsa.VerifyASN1(&k.PublicKey, h, s) }"),
    row("go.elliptic", G, "elliptic.GenerateKey", Ecdh, Curve(at(0, "")), "func f() { elliptic.GenerateKey(elliptic.P521(), rand.Reader) }"),
    row("go.ecdh", G, "ecdh.*.GenerateKey", Ecdh, RecvCurve, "func f() { c := ecdh.P384(); c.GenerateKey(rand.Reader) }"),
    row("go.ecdh", G, "ecdh.*.NewPrivateKey", Ecdh, RecvCurve, "func f() { ecdh.P256().NewPrivateKey(b) }"),
    row("go.ecdh", G, "ecdh.*.NewPublicKey", Ecdh, RecvCurve, "func f() { ecdh.P521().NewPublicKey(b) }"),
    row("go.dsa", G, "dsa.GenerateParameters", Dsa, Size(at(2, "")), "func f() { dsa.GenerateParameters(&p, rand.Reader, dsa.L2048N256) }"),
    row("go.dsa", G, "dsa.GenerateKey", Dsa, Plain, "func f() { dsa.GenerateKey(&k, rand.Reader) }"),
    row("go.dsa", G, "dsa.Sign", Dsa, Plain, "func f() { dsa.Sign(rand.Reader, &k, h) }"),
    row("go.dsa", G, "dsa.Verify", Dsa, Plain, "func f() { dsa.Verify(&k.PublicKey, h, r, s) }"),
    row("go.x509", G, "x509.ParsePKCS1PrivateKey", Rsa, Plain, "func f() { x509.ParsePKCS1PrivateKey(der) }"),
    row("go.x509", G, "x509.ParsePKCS1PublicKey", Rsa, Plain, "func f() { x509.ParsePKCS1PublicKey(der) }"),
    row("go.x509", G, "x509.MarshalPKCS1PrivateKey", Rsa, Plain, "func f() { x509.MarshalPKCS1PrivateKey(k) }"),
    row("go.x509", G, "x509.MarshalPKCS1PublicKey", Rsa, Plain, "func f() { x509.MarshalPKCS1PublicKey(&k.PublicKey) }"),
    row("go.x509", G, "x509.ParseECPrivateKey", Ecdsa, Plain, "func f() { x509.ParseECPrivateKey(der) }"),
    row("go.x509", G, "x509.MarshalECPrivateKey", Ecdsa, Plain, "func f() { x509.MarshalECPrivateKey(k) }"),
    row("go.elliptic", G, "elliptic.Marshal", Ecdh, Curve(at(0, "")), "func f() { elliptic.Marshal(elliptic.P256(), x, y) }"),
    row("go.elliptic", G, "elliptic.Unmarshal", Ecdh, Curve(at(0, "")), "func f() { elliptic.Unmarshal(elliptic.P384(), data) }"),
    row("go.jwt", G, "jwt.NewWithClaims", Rsa, Jwt, "func f() { jwt.NewWithClaims(jwt.SigningMethodES256, claims) }"),
    row("go.jwt", G, "jwt.New", Rsa, Jwt, "func f() { m := jwt.SigningMethodRS512; jwt.New(m) }"),
    row("go.x-crypto", G, "ssh.NewSignerFromKey", Rsa, FamilyOf(at(0, "")), "func f() { k, _ := rsa.GenerateKey(rand.Reader, 2048); ssh.NewSignerFromKey(k) }"),
];

/// Whether `path` (dotted) ends with the segments of `pattern` (`*` matches any one).
pub(crate) fn matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.rsplit('.');
    let mut q = path.rsplit('.');
    loop {
        match (p.next(), q.next()) {
            (None, _) => return true,
            (Some(_), None) => return false,
            (Some(a), Some(b)) => {
                if a != "*" && a != b {
                    return false;
                }
            }
        }
    }
}

/// The rows a dotted callee path matches, for one language.
pub(crate) fn lookup(lang: Lang, path: &str) -> impl Iterator<Item = &'static Api> + '_ {
    // Every call of a parsed file is looked up: compare the last segment (a plain suffix test,
    // no row's last segment is `*`) before splitting both paths.
    let last = path.rsplit('.').next().unwrap_or(path);
    APIS.iter().filter(move |a| {
        a.lang == lang
            && a.callee
                .strip_suffix(last)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
            && matches(a.callee, path)
    })
}
