#!/usr/bin/env python3
"""Writes ward-crypto's labelled corpus (crates/ward-crypto/tests/corpus/).

Each expected finding is marked inline with WARD-EXPECT[NAME,...] on its line, or
WARD-EXPECT-NEXT[NAME] on the line before (for formats without comments, e.g. PEM).
Files under lookalike/ hold names that must not be reported. Re-run to regenerate;
key files come from openssl/ssh-keygen so they are real keys of the stated size.
"""
import os, subprocess, shutil, sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "crates", "ward-crypto", "tests", "corpus")
if os.path.isdir(ROOT):
    shutil.rmtree(ROOT)
count = 0

def w(rel, text):
    global count
    p = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text.lstrip("\n"))
    count += 1

def E(c, *names):
    return f"  {c} WARD-EXPECT[{','.join(names)}]"

RSA = [1024, 2048, 3072, 4096]

# ---------------- Python
for n in RSA:
    w(f"python/pyca_rsa_{n}.py", f"""
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes

def make_key():
    return rsa.generate_private_key(public_exponent=65537, key_size={n}){E('#', f'RSA-{n}')}

def digest():
    return hashes.Hash(hashes.SHA256()){E('#', 'SHA-256')}
""")
    w(f"python/pycryptodome_rsa_{n}.py", f"""
from Crypto.PublicKey import RSA
from Crypto.Signature import pkcs1_15

KEY_BITS = {n}

key = RSA.generate(KEY_BITS){E('#', f'RSA-{n}')}
signer = pkcs1_15.new(key){E('#', 'RSA')}
""")
    w(f"python/paramiko_rsa_{n}.py", f"""
import paramiko

host_key = paramiko.RSAKey.generate(bits={n}){E('#', f'RSA-{n}')}
""")
w("python/pyca_rsa_multiline.py", f"""
from cryptography.hazmat.primitives.asymmetric import rsa

key = rsa.generate_private_key({E('#', 'RSA-3072')}
    public_exponent=65537,
    key_size=3072,
)
""")
w("python/pyca_rsa_const.py", f"""
from cryptography.hazmat.primitives.asymmetric import rsa

RSA_KEY_SIZE = 2048

def gen():
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_SIZE){E('#', 'RSA-2048')}
""")
for curve, name in [("SECP256R1", "ECDSA-P256"), ("SECP384R1", "ECDSA-P384"), ("SECP521R1", "ECDSA-P521"), ("SECP256K1", "ECDSA-secp256k1")]:
    w(f"python/pyca_ec_{curve.lower()}.py", f"""
from cryptography.hazmat.primitives.asymmetric import ec

private_key = ec.generate_private_key(ec.{curve}()){E('#', name)}
shared = private_key.exchange(ec.ECDH(), peer_public_key){E('#', 'ECDH')}
""")
w("python/pyca_ed25519.py", f"""
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

signing = ed25519.Ed25519PrivateKey.generate(){E('#', 'Ed25519')}
kex = x25519.X25519PrivateKey.generate(){E('#', 'X25519')}
""")
w("python/pyca_dsa_dh.py", f"""
from cryptography.hazmat.primitives.asymmetric import dsa, dh

dsa_key = dsa.generate_private_key(key_size=1024){E('#', 'DSA-1024')}
params = dh.generate_parameters(generator=2, key_size=2048){E('#', 'DH-2048')}
""")
for h, name in [("md5", "MD5"), ("sha1", "SHA-1"), ("sha256", "SHA-256"), ("sha512", "SHA-512")]:
    w(f"python/hashlib_{h}.py", f"""
import hashlib

def fingerprint(data: bytes) -> str:
    return hashlib.{h}(data).hexdigest(){E('#', name)}
""")
w("python/hashlib_new.py", f"""
import hashlib

h = hashlib.new("md5"){E('#', 'MD5')}
h2 = hashlib.new('sha384'){E('#', 'SHA-384')}
""")
w("python/pycryptodome_ciphers.py", f"""
from Crypto.Cipher import AES, DES, DES3, ARC4

a = AES.new(key, AES.MODE_ECB){E('#', 'AES')}
b = DES.new(key, DES.MODE_CBC, iv){E('#', 'DES')}
c = DES3.new(key, DES3.MODE_CBC, iv){E('#', '3DES')}
d = ARC4.new(key){E('#', 'RC4')}
""")
w("python/pyca_ciphers.py", f"""
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

c1 = Cipher(algorithms.AES(key), modes.GCM(iv)){E('#', 'AES')}
c2 = Cipher(algorithms.TripleDES(key), modes.CBC(iv)){E('#', '3DES')}
c3 = Cipher(algorithms.ChaCha20(key, nonce), mode=None){E('#', 'ChaCha20')}
""")
w("python/ssl_ciphers.py", f"""
import ssl

ctx = ssl.create_default_context()
ctx.set_ciphers("ECDHE-RSA-AES256-GCM-SHA384:RC4-SHA"){E('#', 'ECDH', 'RSA', 'AES-256', 'RC4')}
""")
w("python/paramiko_other.py", f"""
import paramiko

k1 = paramiko.DSSKey.generate(bits=1024){E('#', 'DSA-1024')}
k2 = paramiko.ECDSAKey.generate(){E('#', 'ECDSA')}
""")
w("python/commented_out.py", f"""
# Old code kept for reference:
# key = rsa.generate_private_key(public_exponent=65537, key_size=1024){E('#', 'RSA-1024')}
import os
""")
w("python/tests/test_signing.py", f"""
from cryptography.hazmat.primitives.asymmetric import rsa

def test_sign():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048){E('#', 'RSA-2048')}
    assert key
""")
w("python/pycryptodome_ecc.py", f"""
from Crypto.PublicKey import ECC, DSA

k = ECC.generate(curve='P-256'){E('#', 'ECDSA-P256')}
d = DSA.generate(2048){E('#', 'DSA-2048')}
""")

# ---------------- Java / Kotlin
for n in RSA:
    w(f"java/RsaKeys{n}.java", f"""
import java.security.KeyPairGenerator;

public class RsaKeys{n} {{
    public static void main(String[] args) throws Exception {{
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");{E('//', f'RSA-{n}')}
        kpg.initialize({n});
        var kp = kpg.generateKeyPair();
    }}
}}
""")
w("java/RsaConst.java", f"""
import java.security.KeyPairGenerator;

class RsaConst {{
    private static final int KEY_SIZE = 3072;
    void gen() throws Exception {{
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");{E('//', 'RSA-3072')}
        g.initialize(KEY_SIZE);
    }}
}}
""")
w("java/EcKeys.java", f"""
import java.security.*;
import java.security.spec.ECGenParameterSpec;

class EcKeys {{
    void gen() throws Exception {{
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");{E('//', 'ECDSA-P384')}
        g.initialize(new ECGenParameterSpec("secp384r1"));
        Signature s = Signature.getInstance("SHA256withECDSA");{E('//', 'ECDSA')}
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");{E('//', 'ECDH')}
    }}
}}
""")
for spec, names in [("AES/ECB/PKCS5Padding", ["AES"]), ("AES/GCM/NoPadding", ["AES"]), ("DES/CBC/PKCS5Padding", ["DES"]),
                    ("DESede/CBC/PKCS5Padding", ["3DES"]), ("RC4", ["RC4"]), ("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", ["RSA"]),
                    ("RSA/ECB/PKCS1Padding", ["RSA"]), ("Blowfish", ["Blowfish"])]:
    safe = spec.replace("/", "_").replace("-", "_")
    w(f"java/Cipher_{safe}.java", f"""
import javax.crypto.Cipher;

class Cipher_{safe} {{
    Cipher c() throws Exception {{
        return Cipher.getInstance("{spec}");{E('//', *names)}
    }}
}}
""")
for alg, name in [("MD5", "MD5"), ("SHA-1", "SHA-1"), ("SHA-256", "SHA-256"), ("SHA-512", "SHA-512")]:
    safe = alg.replace("-", "")
    w(f"java/Digest{safe}.java", f"""
import java.security.MessageDigest;

class Digest{safe} {{
    byte[] h(byte[] d) throws Exception {{
        return MessageDigest.getInstance("{alg}").digest(d);{E('//', name)}
    }}
}}
""")
w("java/Signatures.java", f"""
import java.security.Signature;

class Signatures {{
    void s() throws Exception {{
        Signature a = Signature.getInstance("SHA1withRSA");{E('//', 'RSA', 'SHA-1')}
        Signature b = Signature.getInstance("SHA256withRSA");{E('//', 'RSA')}
        Signature c = Signature.getInstance("Ed25519");{E('//', 'Ed25519')}
        Signature d = Signature.getInstance("SHA256withDSA");{E('//', 'DSA')}
    }}
}}
""")
w("java/DhAndAes.java", f"""
import java.security.KeyPairGenerator;
import javax.crypto.KeyGenerator;

class DhAndAes {{
    void g() throws Exception {{
        KeyPairGenerator dh = KeyPairGenerator.getInstance("DH");{E('//', 'DH-2048')}
        dh.initialize(2048);
        KeyGenerator aes = KeyGenerator.getInstance("AES");{E('//', 'AES-128')}
        aes.init(128);
    }}
}}
""")
w("java/BouncyCastle.java", f"""
import org.bouncycastle.crypto.engines.*;
import org.bouncycastle.crypto.digests.*;

class BouncyCastle {{
    void b() {{
        var e = new RSAEngine();{E('//', 'RSA')}
        var d = new MD5Digest();{E('//', 'MD5')}
        var s = new ECDSASigner();{E('//', 'ECDSA')}
        var x = new DESedeEngine();{E('//', '3DES')}
    }}
}}
""")
w("java/Keys.kt", f"""
import java.security.KeyPairGenerator

fun gen() {{
    val kpg = KeyPairGenerator.getInstance("RSA"){E('//', 'RSA-2048')}
    kpg.initialize(2048)
    val md = java.security.MessageDigest.getInstance("MD5"){E('//', 'MD5')}
}}
""")
w("java/src/test/java/KeyTest.java", f"""
import java.security.KeyPairGenerator;

class KeyTest {{
    void t() throws Exception {{
        KeyPairGenerator.getInstance("DSA").initialize(1024);{E('//', 'DSA-1024')}
    }}
}}
""")

# ---------------- Go
for n in RSA:
    w(f"go/rsa_{n}.go", f"""
package keys

import (
\t"crypto/rand"
\t"crypto/rsa"
)

func Gen() (*rsa.PrivateKey, error) {{
\treturn rsa.GenerateKey(rand.Reader, {n}){E('//', f'RSA-{n}')}
}}
""")
w("go/rsa_const.go", f"""
package keys

import (
\t"crypto/rand"
\t"crypto/rsa"
)

const bits = 2048

func Gen() (*rsa.PrivateKey, error) {{
\treturn rsa.GenerateKey(rand.Reader, bits){E('//', 'RSA-2048')}
}}

func Enc(pub *rsa.PublicKey, m []byte) ([]byte, error) {{
\treturn rsa.EncryptOAEP(nil, rand.Reader, pub, m, nil){E('//', 'RSA')}
}}
""")
for c in ["P224", "P256", "P384", "P521"]:
    w(f"go/ecdsa_{c.lower()}.go", f"""
package keys

import (
\t"crypto/ecdsa"
\t"crypto/elliptic"
\t"crypto/rand"
)

func Gen() (*ecdsa.PrivateKey, error) {{
\treturn ecdsa.GenerateKey(elliptic.{c}(), rand.Reader){E('//', f'ECDSA-{c}')}
}}
""")
w("go/ecdh_x25519.go", f"""
package keys

import "crypto/ecdh"

var a = ecdh.X25519(){E('//', 'X25519')}
var b = ecdh.P256(){E('//', 'ECDH-P256')}
""")
w("go/ed25519.go", f"""
package keys

import "crypto/ed25519"

func Sign(k ed25519.PrivateKey, m []byte) []byte {{
\treturn ed25519.Sign(k, m){E('//', 'Ed25519')}
}}
""")
w("go/hashes.go", f"""
package keys

import (
\t"crypto/md5"
\t"crypto/sha1"
\t"crypto/sha256"
\t"crypto/sha512"
)

var h1 = md5.Sum(nil){E('//', 'MD5')}
var h2 = sha1.New(){E('//', 'SHA-1')}
var h3 = sha256.Sum256(nil){E('//', 'SHA-256')}
var h4 = sha512.New384(){E('//', 'SHA-384')}
""")
w("go/ciphers.go", f"""
package keys

import (
\t"crypto/aes"
\t"crypto/des"
\t"crypto/rc4"
)

func C(k []byte) {{
\tdes.NewCipher(k){E('//', 'DES')}
\tdes.NewTripleDESCipher(k){E('//', '3DES')}
\trc4.NewCipher(k){E('//', 'RC4')}
\taes.NewCipher(k){E('//', 'AES')}
}}
""")
w("go/dsa.go", f"""
package keys

import "crypto/dsa"

func P(p *dsa.Parameters) error {{
\treturn dsa.GenerateParameters(p, nil, dsa.L1024N160){E('//', 'DSA-1024')}
}}
""")
w("go/mlkem.go", f"""
package keys

import "crypto/mlkem"

func K() {{
\tdk, _ := mlkem.GenerateKey768(){E('//', 'ML-KEM-768')}
\t_ = dk
}}
""")
w("go/rsa_test.go", f"""
package keys

import (
\t"crypto/rand"
\t"crypto/rsa"
\t"testing"
)

func TestGen(t *testing.T) {{
\t_, _ = rsa.GenerateKey(rand.Reader, 1024){E('//', 'RSA-1024')}
}}
""")

# ---------------- C / C++
for n in RSA:
    w(f"c/rsa_keygen_{n}.c", f"""
#include <openssl/rsa.h>
#include <openssl/bn.h>

RSA *gen(void) {{
    RSA *rsa = RSA_new();{E('//', 'RSA')}
    BIGNUM *e = BN_new();
    BN_set_word(e, RSA_F4);
    RSA_generate_key_ex(rsa, {n}, e, NULL);{E('//', f'RSA-{n}')}
    return rsa;
}}
""")
w("c/evp_rsa.c", f"""
#include <openssl/evp.h>
#define KEY_BITS 4096

EVP_PKEY *gen(void) {{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);{E('/*', 'RSA')} */
    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, KEY_BITS);{E('//', 'RSA-4096')}
    return NULL;
}}
""")
for nid, name in [("NID_X9_62_prime256v1", "ECDSA-P256"), ("NID_secp384r1", "ECDSA-P384"), ("NID_secp521r1", "ECDSA-P521")]:
    w(f"c/ec_{nid.lower()}.c", f"""
#include <openssl/ec.h>

EC_KEY *gen(void) {{
    EC_KEY *k = EC_KEY_new_by_curve_name({nid});{E('//', name)}
    return k;
}}
""")
w("c/digests.c", f"""
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <openssl/evp.h>

void h(const unsigned char *d, size_t n, unsigned char *out) {{
    MD5(d, n, out);{E('//', 'MD5')}
    SHA1(d, n, out);{E('//', 'SHA-1')}
    const EVP_MD *md = EVP_sha256();{E('//', 'SHA-256')}
    const EVP_MD *old = EVP_md5();{E('//', 'MD5')}
}}
""")
w("c/ciphers.c", f"""
#include <openssl/evp.h>

void c(void) {{
    const EVP_CIPHER *a = EVP_aes_128_ecb();{E('//', 'AES-128')}
    const EVP_CIPHER *b = EVP_des_ede3_cbc();{E('//', '3DES')}
    const EVP_CIPHER *d = EVP_rc4();{E('//', 'RC4')}
    const EVP_CIPHER *e = EVP_aes_256_gcm();{E('//', 'AES-256')}
}}
""")
w("c/dh_dsa.c", f"""
#include <openssl/dh.h>
#include <openssl/dsa.h>

void p(void) {{
    DH *dh = DH_new();{E('//', 'DH')}
    DH_generate_parameters_ex(dh, 1024, 2, NULL);{E('//', 'DH-1024')}
    DSA *dsa = DSA_new();{E('//', 'DSA')}
    DSA_generate_parameters_ex(dsa, 2048, NULL, 0, NULL, NULL, NULL);{E('//', 'DSA-2048')}
}}
""")
w("c/sodium.c", f"""
#include <sodium.h>

void s(unsigned char *pk, unsigned char *sk) {{
    crypto_sign_keypair(pk, sk);{E('//', 'Ed25519')}
    crypto_box_keypair(pk, sk);{E('//', 'X25519')}
}}
""")
w("c/ecdsa_sign.cpp", f"""
#include <openssl/ecdsa.h>

int sign(EC_KEY *k, const unsigned char *d, int n, unsigned char *sig, unsigned int *len) {{
    return ECDSA_sign(0, d, n, sig, len, k);{E('//', 'ECDSA')}
}}
""")
w("c/evp_pkey_types.c", f"""
#include <openssl/evp.h>

int is_legacy(int t) {{
    return t == EVP_PKEY_DSA{E('//', 'DSA')}
        || t == EVP_PKEY_ED25519;{E('//', 'Ed25519')}
}}
""")
w("c/oqs.c", f"""
#include <oqs/oqs.h>

OQS_KEM *k(void) {{
    return OQS_KEM_new(OQS_KEM_alg_ml_kem_1024);{E('//', 'ML-KEM-1024')}
}}
""")
w("c/block_comment.c", f"""
/*
 * Legacy path used MD5(data, len, out);{E('', 'MD5')}
 */
int x;
""")

# ---------------- JavaScript / TypeScript
for n in RSA:
    w(f"js/node_rsa_{n}.js", f"""
const crypto = require('crypto');

const {{ publicKey, privateKey }} = crypto.generateKeyPairSync('rsa', {{{E('//', f'RSA-{n}')}
  modulusLength: {n},
  publicExponent: 0x10001,
}});
""")
w("js/node_ec.ts", f"""
import {{ generateKeyPairSync, createECDH }} from 'crypto';

const pair = generateKeyPairSync('ec', {{ namedCurve: 'prime256v1' }});{E('//', 'ECDSA-P256')}
const ecdh = createECDH('secp384r1');{E('//', 'ECDH-P384')}
const ed = generateKeyPairSync('ed25519');{E('//', 'Ed25519')}
""")
for h, name in [("md5", "MD5"), ("sha1", "SHA-1"), ("sha256", "SHA-256"), ("sha512", "SHA-512")]:
    w(f"js/hash_{h}.mjs", f"""
import {{ createHash }} from 'node:crypto';

export const digest = (s) => createHash('{h}').update(s).digest('hex');{E('//', name)}
""")
for c, names in [("aes-128-cbc", ["AES-128"]), ("aes-256-gcm", ["AES-256"]), ("des-ede3-cbc", ["3DES"]), ("rc4", ["RC4"]), ("aes-192-ecb", ["AES-192"])]:
    w(f"js/cipher_{c}.js", f"""
const crypto = require('crypto');

function enc(key, iv, data) {{
  const c = crypto.createCipheriv('{c}', key, iv);{E('//', *names)}
  return Buffer.concat([c.update(data), c.final()]);
}}
""")
w("js/webcrypto.ts", f"""
export async function keys() {{
  const rsa = await crypto.subtle.generateKey({E('//', 'RSA-2048')}
    {{ name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }},
    true,
    ['encrypt', 'decrypt'],
  );
  const ec = await crypto.subtle.generateKey({{ name: 'ECDSA', namedCurve: 'P-384' }}, true, ['sign']);{E('//', 'ECDSA-P384')}
  const aes = await crypto.subtle.generateKey({{ name: 'AES-GCM', length: 256 }}, true, ['encrypt']);{E('//', 'AES-256')}
  const d = await crypto.subtle.digest('SHA-1', data);{E('//', 'SHA-1')}
}}
""")
w("js/forge.js", f"""
const forge = require('node-forge');

const keys = forge.pki.rsa.generateKeyPair({{ bits: 1024, e: 0x10001 }});{E('//', 'RSA-1024')}
const md = forge.md.md5.create();{E('//', 'MD5')}
const cipher = forge.cipher.createCipher('3DES-CBC', key);{E('//', '3DES')}
""")
for alg, name in [("RS256", "RSA"), ("ES256", "ECDSA-P256"), ("ES384", "ECDSA-P384"), ("EdDSA", "Ed25519")]:
    w(f"js/jwt_{alg.lower()}.js", f"""
const jwt = require('jsonwebtoken');

const token = jwt.sign(payload, privateKey, {{ algorithm: '{alg}', expiresIn: '1h' }});{E('//', name)}
""")
w("js/node_dh.js", f"""
const crypto = require('crypto');

const dh = crypto.getDiffieHellman('modp2');{E('//', 'DH-1024')}
const dh2 = crypto.createDiffieHellman(2048);{E('//', 'DH-2048')}
""")
w("js/__tests__/sign.test.ts", f"""
import {{ createSign }} from 'crypto';

test('signs', () => {{
  const s = createSign('RSA-SHA1');{E('//', 'RSA', 'SHA-1')}
}});
""")

# ---------------- Rust
for n in RSA:
    w(f"rust/rsa_{n}.rs", f"""
use rsa::RsaPrivateKey;

fn key() -> RsaPrivateKey {{
    let mut rng = rand::thread_rng();
    RsaPrivateKey::new(&mut rng, {n}).unwrap(){E('//', f'RSA-{n}')}
}}
""")
w("rust/rsa_const.rs", f"""
const BITS: usize = 3072;

fn key() -> rsa::RsaPrivateKey {{
    rsa::RsaPrivateKey::new(&mut rand::thread_rng(), BITS).unwrap(){E('//', 'RSA-3072')}
}}

fn pad() {{
    let p = rsa::Oaep::new::<sha2::Sha256>();{E('//', 'RSA')}
}}
""")
w("rust/ecc.rs", f"""
fn k() {{
    let sk = p256::ecdsa::SigningKey::random(&mut rand::thread_rng());{E('//', 'ECDSA-P256')}
    let kk = k256::ecdsa::SigningKey::random(&mut rand::thread_rng());{E('//', 'ECDSA-secp256k1')}
    let e = p384::ecdh::EphemeralSecret::random(&mut rand::thread_rng());{E('//', 'ECDH-P384')}
}}
""")
w("rust/ring_use.rs", f"""
use ring::{{agreement, digest, signature}};

fn r() {{
    let alg = &signature::RSA_PKCS1_2048_8192_SHA256;{E('//', 'RSA')}
    let e = &signature::ECDSA_P256_SHA256_ASN1_SIGNING;{E('//', 'ECDSA-P256')}
    let x = &agreement::X25519;{E('//', 'X25519')}
    let h = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, b"x");{E('//', 'SHA-1')}
    let a = &ring::aead::AES_128_GCM;{E('//', 'AES-128')}
}}
""")
w("rust/openssl_use.rs", f"""
use openssl::rsa::Rsa;
use openssl::hash::MessageDigest;

fn o() {{
    let k = Rsa::generate(2048).unwrap();{E('//', 'RSA-2048')}
    let m = MessageDigest::md5();{E('//', 'MD5')}
    let c = openssl::symm::Cipher::des_ede3_cbc();{E('//', '3DES')}
    let g = openssl::ec::EcGroup::from_curve_name(openssl::nid::Nid::SECP384R1).unwrap();{E('//', 'ECDSA-P384')}
}}
""")
w("rust/dalek.rs", f"""
fn d() {{
    let sk = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);{E('//', 'Ed25519')}
    let es = x25519_dalek::EphemeralSecret::random();{E('//', 'X25519')}
    let h = md5::compute(b"x");{E('//', 'MD5')}
}}
""")
w("rust/pq.rs", f"""
fn pq() {{
    let (dk, ek) = ml_kem::MlKem768::generate(&mut rng);{E('//', 'ML-KEM-768')}
    let sk = ml_dsa::MlDsa87::key_gen(&mut rng);{E('//', 'ML-DSA-87')}
}}
""")
w("rust/doc_comment.rs", f"""
/// Example (do not use): `Rsa::generate(1024)`{E('', 'RSA-1024')}
pub fn nothing() {{}}
""")

# ---------------- C#
for n in RSA:
    w(f"csharp/Rsa{n}.cs", f"""
using System.Security.Cryptography;

class Rsa{n} {{
    RSA Make() => RSA.Create({n});{E('//', f'RSA-{n}')}
}}
""")
w("csharp/Ecc.cs", f"""
using System.Security.Cryptography;

class Ecc {{
    void M() {{
        var s = ECDsa.Create(ECCurve.NamedCurves.nistP256);{E('//', 'ECDSA-P256')}
        var d = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);{E('//', 'ECDH-P384')}
        var dsa = DSA.Create(1024);{E('//', 'DSA-1024')}
    }}
}}
""")
w("csharp/Hashes.cs", f"""
using System.Security.Cryptography;

class Hashes {{
    void M(byte[] d) {{
        var a = MD5.Create();{E('//', 'MD5')}
        var b = SHA1.HashData(d);{E('//', 'SHA-1')}
        var c = SHA256.HashData(d);{E('//', 'SHA-256')}
        var e = new SHA1Managed();{E('//', 'SHA-1')}
    }}
}}
""")
w("csharp/Symmetric.cs", f"""
using System.Security.Cryptography;

class Symmetric {{
    void M() {{
        var aes = Aes.Create();{E('//', 'AES-128')}
        aes.KeySize = 128;
        aes.Mode = CipherMode.ECB;
        var des = DES.Create();{E('//', 'DES')}
        var tdes = TripleDES.Create();{E('//', '3DES')}
    }}
}}
""")
w("csharp/RsaProvider.cs", f"""
using System.Security.Cryptography;

class RsaProvider {{
    void M() {{
        var r = new RSACryptoServiceProvider(1024);{E('//', 'RSA-1024')}
    }}
}}
""")

# ---------------- PHP
for n in RSA:
    w(f"php/pkey_{n}.php", f"""
<?php
$key = openssl_pkey_new([{E('//', f'RSA-{n}')}
    "private_key_bits" => {n},
    "private_key_type" => OPENSSL_KEYTYPE_RSA,
]);
""")
w("php/ec.php", f"""
<?php
$key = openssl_pkey_new(["private_key_type" => OPENSSL_KEYTYPE_EC, "curve_name" => "prime256v1"]);{E('//', 'ECDSA-P256')}
""")
w("php/hashes.php", f"""
<?php
$a = md5($password);{E('//', 'MD5')}
$b = sha1($data);{E('//', 'SHA-1')}
$c = hash('sha256', $data);{E('//', 'SHA-256')}
$d = openssl_encrypt($data, 'aes-128-cbc', $key, 0, $iv);{E('//', 'AES-128')}
$e = openssl_encrypt($data, "des-ede3-cbc", $key);{E('//', '3DES')}
""")

# ---------------- Ruby
for n in RSA:
    w(f"ruby/rsa_{n}.rb", f"""
require 'openssl'

key = OpenSSL::PKey::RSA.new({n}){E('#', f'RSA-{n}')}
""")
w("ruby/misc.rb", f"""
require 'openssl'
require 'digest'

ec = OpenSSL::PKey::EC.generate('secp384r1'){E('#', 'ECDSA-P384')}
d = Digest::MD5.hexdigest(data){E('#', 'MD5')}
s = OpenSSL::Digest::SHA1.new{E('#', 'SHA-1')}
c = OpenSSL::Cipher.new('des-ede3-cbc'){E('#', '3DES')}
c2 = OpenSSL::Cipher.new('aes-256-gcm'){E('#', 'AES-256')}
dsa = OpenSSL::PKey::DSA.new(1024){E('#', 'DSA-1024')}
""")

# ---------------- Config
w("config/openssl.cnf", f"""
[ req ]
default_bits = 1024{E('#', 'RSA-1024')}
default_md = sha1{E('#', 'SHA-1')}
distinguished_name = req_dn

[ system_default_sect ]
CipherString = DEFAULT:RC4-SHA{E('#', 'RC4', 'RSA')}
""")
w("config/nginx.conf", f"""
server {{
    listen 443 ssl;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:!aNULL;{E('#', 'ECDH', 'ECDSA', 'AES-128', 'DH', 'RSA', 'AES-256')}
    ssl_ecdh_curve X25519:prime256v1;{E('#', 'X25519', 'ECDH-P256')}
}}
""")
w("config/httpd-ssl.conf", f"""
<VirtualHost *:443>
    SSLEngine on
    SSLCipherSuite DES-CBC3-SHA:RC4-MD5{E('#', 'RSA', '3DES', 'RC4', 'MD5')}
</VirtualHost>
""")
w("config/haproxy.cfg", f"""
global
    ssl-default-bind-ciphers ECDHE-RSA-AES256-GCM-SHA384{E('#', 'ECDH', 'RSA', 'AES-256')}
""")
w("config/auth.yaml", f"""
jwt:
  issuer: example
  algorithm: RS256{E('#', 'RSA')}
oidc:
  id_token_signing_alg: ES384{E('#', 'ECDSA-P384')}
""")
w("config/app.properties", f"""
security.jwt.alg=ES256{E('#', 'ECDSA-P256')}
server.port=8443
""")

# ---------------- Keys
def sh(*a):
    return subprocess.run(a, check=True, capture_output=True).stdout.decode()

tmp = "/tmp/ward-corpus-keys"
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(tmp)
def pem_file(rel, name, pem):
    w(rel, f"WARD-EXPECT-NEXT[{name}]\n" + pem)

for n in [1024, 2048, 3072, 4096]:
    k = sh("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{n}")
    pem_file(f"keys/rsa_{n}.pem", f"RSA-{n}", k)
    pub = subprocess.run(["openssl", "pkey", "-pubout"], input=k.encode(), capture_output=True, check=True).stdout.decode()
    pem_file(f"keys/rsa_{n}.pub.pem", f"RSA-{n}", pub)
k = sh("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048")
trad = subprocess.run(["openssl", "pkey", "-traditional"], input=k.encode(), capture_output=True, check=True).stdout.decode()
pem_file("keys/rsa_pkcs1_2048.key", "RSA-2048", trad)
for curve, name in [("P-256", "ECDSA-P256"), ("P-384", "ECDSA-P384"), ("P-521", "ECDSA-P521")]:
    k = sh("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", f"ec_paramgen_curve:{curve}")
    pem_file(f"keys/ec_{curve}.pem", name, k)
    sec1 = subprocess.run(["openssl", "ec"], input=k.encode(), capture_output=True, check=True).stdout.decode()
    pem_file(f"keys/ec_sec1_{curve}.key", name, sec1)
for alg, name in [("ED25519", "Ed25519"), ("X25519", "X25519"), ("ED448", "Ed448")]:
    pem_file(f"keys/{alg.lower()}.pem", name, sh("openssl", "genpkey", "-algorithm", alg))
for n in [2048]:
    sh("openssl", "req", "-x509", "-newkey", f"rsa:{n}", "-nodes", "-keyout", f"{tmp}/c.key", "-out", f"{tmp}/c.crt", "-days", "1", "-subj", "/CN=ward-test")
    pem_file(f"keys/cert_rsa_{n}.crt", f"RSA-{n}", open(f"{tmp}/c.crt").read())
sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes", "-keyout", f"{tmp}/e.key", "-out", f"{tmp}/e.crt", "-days", "1", "-subj", "/CN=ward-test")
pem_file("keys/cert_ec_p384.crt", "ECDSA-P384", open(f"{tmp}/e.crt").read())
try:
    k = sh("openssl", "genpkey", "-algorithm", "ML-KEM-768")
    pem_file("keys/mlkem768.pem", "ML-KEM-768", k)
except Exception:
    pass
for t, bits, name in [("rsa", "2048", "RSA-2048"), ("rsa", "4096", "RSA-4096"), ("ed25519", None, "Ed25519"), ("ecdsa", "256", "ECDSA-P256")]:
    p = f"{tmp}/id_{t}{bits or ''}"
    args = ["ssh-keygen", "-q", "-t", t, "-N", "", "-C", "ward@test", "-f", p] + (["-b", bits] if bits else [])
    sh(*args)
    pem_file(f"keys/id_{t}{bits or ''}", name, open(p).read())
    w(f"keys/id_{t}{bits or ''}.pub", open(p + ".pub").read().strip() + f"  # WARD-EXPECT[{name}]\n")
lines = []
for t, bits in [("rsa", "1024"), ("ed25519", None)]:
    p = f"{tmp}/ak_{t}"
    sh(*(["ssh-keygen", "-q", "-t", t, "-N", "", "-C", "x", "-f", p] + (["-b", bits] if bits else [])))
    lines.append(open(p + ".pub").read().strip())
w("keys/authorized_keys", f"# WARD-EXPECT-NEXT[RSA-1024]\n{lines[0]}\n# WARD-EXPECT-NEXT[Ed25519]\n{lines[1]}\n")

# ---------------- Docs (findings kept, marked doc)
w("docs/migration.md", f"""
# Migrating keys

Old services called `rsa.generate_private_key(public_exponent=65537, key_size=2048)`.{E('', 'RSA-2048')}

```go
priv, _ := rsa.GenerateKey(rand.Reader, 1024){E('//', 'RSA-1024')}
```
""")

# ---------------- Look-alikes: none of these is a use
w("lookalike/names.py", """
md5sum_path = "/var/lib/md5sums"
parse_rsa_like = True
description = "DESCRIPTION of the DES-ign"
sha1_hex_len = 40
class Rsa_Helper: pass
def hashlib_version(): return "x"
rsa_generate_private_key_docs = "see docs"
ecdsa_note = "later"
""")
w("lookalike/Names.java", """
class Names {
    String md5sumPath = "/tmp/md5";
    Object x = Factory.getInstance("Widget");
    Object y = Cache.getInstance("RSAconfig-loader");
    int parsable = 1; // universal parsers
}
""")
w("lookalike/names.go", """
package x

// Parsable reads the manifest's md5sum field name, not an algorithm use.
var md5sumPath = "/tmp/md5sums"
var rsaNote = "crisp"
func aesthetic() {}
func dessert() {}
""")
w("lookalike/names.c", """
#include <stdio.h>
int MD5_LEN = 16;
int SHA1LEN = 20;
int my_RSA_count;
void DESTROY(void) {}
const char *EVP_PKEY_name = "x";
""")
w("lookalike/names.js", """
const md5sumPath = '/tmp/md5';
const rsaLike = 'parsable';
const cipherName = 'createCipherivFactory';
const obj = { algorithm: 'HS256' };
function createHashTable() { return {}; }
const fortress = 'ssh-rsa is mentioned but no key follows';
""")
w("lookalike/names.rs", """
fn md5sum_path() -> &'static str { "/tmp/md5" }
struct RsaPrivateKeyNote;
fn parsable() {}
const DES_COUNT: u32 = 3;
""")
w("lookalike/Names.cs", """
class Names {
    string Md5Path = "/tmp/md5";
    string description = "RSA.CreateSomething is not a call";
    int DESCount = 3;
}
""")
w("lookalike/names.php", """
<?php
$md5sum_path = "/tmp/x";
$rsa_count = 3;
function hashed_md5_name() { return "x"; }
""")
w("lookalike/names.rb", """
md5sum_path = "/tmp/x"
rsa_count = 3
# OpenSSL is mentioned here, but no PKey class is used
""")
w("lookalike/settings.yaml", """
algorithm: round-robin
alg: none
checksum: md5sum
description: uses RSA somewhere else
""")
w("lookalike/nginx.conf", """
server {
    # ssl_ciphers are configured elsewhere
    server_name ciphers.example.com;
}
""")
w("lookalike/readme.txt", """
This file talks about RSA and MD5 in prose only; it never calls an API.
A PEM header without body: BEGIN CERTIFICATE is only quoted here.
""")
for i in range(6):
    w(f"lookalike/plain_{i}.py", f"""
def add_{i}(a, b):
    # arithmetic only; 'parsers' and 'dessert' are words, not ciphers
    return a + b + {i}
""")

print(count, "files written")
