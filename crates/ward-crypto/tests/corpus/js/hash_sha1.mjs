import { createHash } from 'node:crypto';

export const digest = (s) => createHash('sha1').update(s).digest('hex');  // WARD-EXPECT[SHA-1]
