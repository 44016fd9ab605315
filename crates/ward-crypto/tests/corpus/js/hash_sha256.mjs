import { createHash } from 'node:crypto';

export const digest = (s) => createHash('sha256').update(s).digest('hex');  // WARD-EXPECT[SHA-256]
