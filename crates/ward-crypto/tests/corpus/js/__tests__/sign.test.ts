import { createSign } from 'crypto';

test('signs', () => {
  const s = createSign('RSA-SHA1');  // WARD-EXPECT[RSA,SHA-1]
});
