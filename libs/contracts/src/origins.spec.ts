import { isOriginAllowed, originProblem } from './origins';

describe('isOriginAllowed (the widget gateway origin gate)', () => {
  const allowed = ['https://shop.example.com', 'http://localhost:8090'];
  it.each([
    ['https://shop.example.com', true],
    ['http://localhost:8090', true],
    ['http://shop.example.com', false], // scheme differs
    ['https://shop.example.com:8443', false], // port differs
    ['http://localhost:8091', false],
    ['https://shop.example.com.evil.test', false], // no suffix matching
    ['https://evilshop.example.com', false],
    ['null', false], // opaque origin (sandboxed iframe, file://)
    ['https://SHOP.example.com', false], // browsers never send this form
    [undefined, false],
  ])('%s → %s', (origin, expected) => {
    expect(isOriginAllowed(allowed, origin)).toBe(expected);
  });

  it('an empty list allows any origin (development only)', () => {
    expect(isOriginAllowed([], 'https://anything.example')).toBe(true);
    expect(isOriginAllowed([], undefined)).toBe(true);
  });
});

describe('originProblem', () => {
  it.each(['https://shop.example.com', 'http://localhost:8090', 'http://127.0.0.1:3000', 'https://xn--bcher-kva.example'])('accepts %s', (origin) => {
    expect(originProblem(origin)).toBeUndefined();
  });

  it.each([
    ['https://bücher.example', 'did you mean https://xn--bcher-kva.example?'],
    ['https://shop.example.com/', 'did you mean https://shop.example.com?'],
    ['http://localhost:80', 'no default port'],
    ['https://user:pw@shop.example.com', 'expected scheme://host[:port]'],
    ['javascript:alert(1)', 'expected scheme://host[:port]'],
    ['', 'expected scheme://host[:port]'],
  ])('refuses %s', (origin, hint) => {
    expect(originProblem(origin)).toContain(hint);
  });
});
