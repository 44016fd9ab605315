'use strict';
const crypto = require('crypto');

const MODULUS_BITS = 2048;

function rsaPair() {
  return crypto.generateKeyPairSync('rsa', { modulusLength: MODULUS_BITS }); // WARD-EXPECT[RSA-2048]
}

function legacyPair(cb) {
  crypto.generateKeyPair('rsa', { // WARD-EXPECT[RSA-1024]
    modulusLength: 1024,
    publicExponent: 0x10001,
  }, cb);
}

function ecPair() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }); // WARD-EXPECT[ECDSA-P384]
}

function edPair() {
  return crypto.generateKeyPairSync('ed25519'); // WARD-EXPECT[Ed25519]
}

function signLegacy(key, data) {
  const signer = crypto.createSign('RSA-SHA1'); // WARD-EXPECT[RSA,SHA-1]
  signer.update(data);
  return signer.sign(key);
}

function fingerprint(buf) {
  return crypto.createHash('md5').update(buf).digest('hex'); // WARD-EXPECT[MD5]
}

function ecdh() {
  const alice = crypto.createECDH('prime256v1'); // WARD-EXPECT[ECDH-P256]
  return alice.generateKeys();
}

function dh() {
  return crypto.getDiffieHellman('modp14'); // WARD-EXPECT[DH-2048]
}

module.exports = { rsaPair, legacyPair, ecPair, edPair, signLegacy, fingerprint, ecdh, dh };
