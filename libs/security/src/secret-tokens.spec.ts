import { constantTimeEqual, generateToken, hashToken, TOKEN_PREFIX, tokenPreview } from './secret-tokens';

describe('secret tokens', () => {
  it('is the prefix plus base64url of 24 random bytes by default', () => {
    const token = generateToken(TOKEN_PREFIX.embedToken);
    expect(token).toMatch(/^ew_[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(token.slice(3), 'base64url')).toHaveLength(24);
    expect(generateToken('pk_live_', 32)).toMatch(/^pk_live_[A-Za-z0-9_-]{43}$/);
  });

  it('never repeats and refuses fewer than 128 bits', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generateToken('cs_')));
    expect(seen.size).toBe(1000);
    expect(() => generateToken('ci_', 15)).toThrow(RangeError);
  });

  it('hashes to hex SHA-256, the same for the same token', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = generateToken('pk_live_');
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
  });

  it('previews the first 10 and last 4 characters only', () => {
    const token = 'pk_live_abcdefghijklmnopqrstuvwxyz';
    expect(tokenPreview(token)).toEqual({ prefix: 'pk_live_ab', lastFour: 'wxyz' });
  });

  it('compares in constant time, whatever the lengths', () => {
    expect(constantTimeEqual('same-secret', 'same-secret')).toBe(true);
    expect(constantTimeEqual('same-secret', 'same-secreT')).toBe(false);
    expect(constantTimeEqual('short', 'a much longer value')).toBe(false);
    expect(constantTimeEqual(Buffer.from('bytes'), 'bytes')).toBe(true);
  });
});
