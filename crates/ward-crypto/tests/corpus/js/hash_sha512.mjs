import { createHash } from 'node:crypto';

export const digest = (s) => createHash('sha512').update(s).digest('hex');  // WARD-EXPECT[SHA-512]
