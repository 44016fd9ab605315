export async function makeSigningKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey( // WARD-EXPECT[ECDSA-P521]
    { name: 'ECDSA', namedCurve: 'P-521' },
    true,
    ['sign', 'verify'],
  );
}

export async function makeWrappingKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey( // WARD-EXPECT[RSA-3072]
    {
      name: 'RSA-OAEP',
      modulusLength: 3072,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['wrapKey', 'unwrapKey'],
  );
}

export async function digest(data: ArrayBuffer): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-1', data); // WARD-EXPECT[SHA-1]
}
