import { createHash } from 'node:crypto';

export const digest = (s) => createHash('md5').update(s).digest('hex');  // WARD-EXPECT[MD5]
