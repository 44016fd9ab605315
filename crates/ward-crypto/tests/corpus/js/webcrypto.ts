export async function keys() {
  const rsa = await crypto.subtle.generateKey(  // WARD-EXPECT[RSA-2048]
    { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
  const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign']);  // WARD-EXPECT[ECDSA-P384]
  const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);  // WARD-EXPECT[AES-256]
  const d = await crypto.subtle.digest('SHA-1', data);  // WARD-EXPECT[SHA-1]
}
