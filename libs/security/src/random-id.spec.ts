import { randomId128 } from './random-id';

describe('randomId128', () => {
  it('gives 22 base64url characters (128 bits) and never repeats across pool refills', () => {
    const ids = Array.from({ length: 1_000 }, () => randomId128());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // 1,000 ids span several 256-id refills: a pool that were not refilled would repeat.
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('decodes to 16 bytes that are not all alike', () => {
    const bytes = Buffer.from(randomId128(), 'base64url');
    expect(bytes).toHaveLength(16);
    expect(new Set(bytes).size).toBeGreaterThan(4);
  });
});
