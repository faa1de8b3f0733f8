import { randomBytes } from 'node:crypto';
import { parseKeyring } from './keyring';

const key = (bytes = 32) => randomBytes(bytes).toString('base64url');

describe('parseKeyring', () => {
  it('keeps the order: the first entry signs, all verify', () => {
    const [a, b] = [key(), key(48)];
    const ring = parseKeyring(`new:${a}, old:${b}`, { minBytes: 32 });
    expect(ring.map((e) => e.kid)).toEqual(['new', 'old']);
    expect(ring[0]!.key.equals(Buffer.from(a, 'base64url'))).toBe(true);
    expect(ring[1]!.key).toHaveLength(48);
  });

  it('names the kid of a key under 256 bits, without echoing the key', () => {
    const short = key(16);
    expect(() => parseKeyring(`ok:${key()},weak:${short}`, { minBytes: 32 })).toThrow('keyring entry "weak": key is 128 bits, need at least 256');
    const message = (() => {
      try {
        parseKeyring(`weak:${short}`, { minBytes: 32 });
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toMatch(/^keyring entry "weak"/);
    expect(message).not.toContain(short);
  });

  it('refuses repeated kids, a longer key than allowed, bad syntax and an empty spec', () => {
    expect(() => parseKeyring(`k1:${key()},k1:${key()}`, { minBytes: 32 })).toThrow('keyring entry "k1": kid appears more than once');
    expect(() => parseKeyring(`k1:${key(33)}`, { minBytes: 32, maxBytes: 32 })).toThrow('keyring entry "k1": key is 264 bits, need at most 256');
    expect(() => parseKeyring(key(), { minBytes: 32 })).toThrow(/entry 1: expected kid:base64url/);
    expect(() => parseKeyring(`k1:${key()}!`, { minBytes: 32 })).toThrow('keyring entry "k1": the key is not base64url');
    expect(() => parseKeyring(' , ', { minBytes: 32 })).toThrow(/empty/);
  });
});
