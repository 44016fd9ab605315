import { generateKeyPairSync, createECDH } from 'crypto';

const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });  // WARD-EXPECT[ECDSA-P256]
const ecdh = createECDH('secp384r1');  // WARD-EXPECT[ECDH-P384]
const ed = generateKeyPairSync('ed25519');  // WARD-EXPECT[Ed25519]
