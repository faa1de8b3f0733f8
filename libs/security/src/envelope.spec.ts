import { randomBytes } from 'node:crypto';
import { createCipherKeyring, EnvelopeError, fingerprint } from './envelope';

const keyA = `a:${randomBytes(32).toString('base64url')}`;
const keyB = `b:${randomBytes(32).toString('base64url')}`;
const secret = 'cs_the-client-secret-nobody-may-read';

/** Flips one bit of one decoded part, so the change is real whatever base64 padding does. */
function flip(envelope: string, part: 2 | 3 | 4): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('AES-256-GCM envelopes', () => {
  const ring = createCipherKeyring(keyA);

  it('round-trips and never contains the plaintext', () => {
    const envelope = ring.encrypt(secret);
    expect(envelope).toMatch(/^v1\.a\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain(secret);
    expect(envelope).not.toContain(Buffer.from(secret).toString('base64url').slice(0, 12));
    expect(ring.decrypt(envelope)).toBe(secret);
    expect(ring.encrypt(secret)).not.toBe(envelope);
    expect(ring.decrypt(ring.encrypt(''))).toBe('');
    expect(ring.currentKid).toBe('a');
  });

  it('rotates: "b,a" seals with b and still opens a; "b" alone refuses a', () => {
    const old = ring.encrypt(secret);
    const rotated = createCipherKeyring(`${keyB},${keyA}`);
    expect(rotated.decrypt(old)).toBe(secret);
    expect(rotated.encrypt(secret)).toMatch(/^v1\.b\./);
    expect(() => createCipherKeyring(keyB).decrypt(old)).toThrow('envelope sealed with unknown key id "a"');
  });

  it.each([
    ['iv', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ] as const)('refuses an envelope whose %s was changed', (_name, part) => {
    expect(() => ring.decrypt(flip(ring.encrypt(secret), part))).toThrow(EnvelopeError);
  });

  it('refuses a truncated tag and malformed envelopes', () => {
    const parts = ring.encrypt(secret).split('.');
    parts[3] = Buffer.from(parts[3]!, 'base64url').subarray(0, 12).toString('base64url');
    expect(() => ring.decrypt(parts.join('.'))).toThrow(/bad iv or tag length/);
    expect(() => ring.decrypt('v2.a.x.y.z')).toThrow(/malformed/);
    expect(() => ring.decrypt('plaintext')).toThrow(/malformed/);
  });

  it('binds a ciphertext to its associated data (e.g. the row id)', () => {
    const envelope = ring.encrypt(secret, 'row-1');
    expect(ring.decrypt(envelope, 'row-1')).toBe(secret);
    expect(() => ring.decrypt(envelope, 'row-2')).toThrow(/failed authentication/);
    expect(() => ring.decrypt(envelope)).toThrow(/failed authentication/);
    expect(() => ring.decrypt(ring.encrypt(secret), 'row-1')).toThrow(/failed authentication/);
  });

  it('needs keys of exactly 256 bits', () => {
    const long = `long:${randomBytes(64).toString('base64url')}`;
    expect(() => createCipherKeyring(long)).toThrow('keyring entry "long": key is 512 bits, need at most 256');
  });

  it('fingerprints a secret as 16 hex characters that do not reveal it', () => {
    expect(fingerprint(secret)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(secret)).toBe(fingerprint(Buffer.from(secret)));
    expect(fingerprint(secret)).not.toBe(fingerprint(`${secret}x`));
  });
});
