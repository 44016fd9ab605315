import { createECDH, createHash, createHmac, createCipheriv, generateKeyPairSync } from 'crypto';

const CURVE = 'secp521r1';

export function session() {
  const ecdh = createECDH(CURVE); // WARD-EXPECT[ECDH]
  return ecdh.generateKeys();
}

export function legacyMac(key: Buffer, data: string) {
  return createHmac('sha1', key).update(data).digest('hex'); // WARD-EXPECT[SHA-1]
}

export function etag(data: string) {
  return createHash('sha256').update(data).digest('base64'); // WARD-EXPECT[SHA-256]
}

export function oldCipher(key: Buffer, iv: Buffer) {
  return createCipheriv('des-cbc', key, iv); // WARD-EXPECT[DES]
}

export function ecKeys() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }); // WARD-EXPECT[ECDSA-P256]
}

export function dsaKeys() {
  return generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }); // WARD-EXPECT[DSA-2048]
}
