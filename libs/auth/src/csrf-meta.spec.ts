import { csrfMetaTag } from './csrf-meta';

describe('csrfMetaTag', () => {
  it('renders the token in the meta tag the reference names', () => {
    expect(csrfMetaTag('abc_DEF-123')).toBe('<meta name="csrf-token" content="abc_DEF-123">');
  });
  it('cannot break out of the attribute', () => {
    expect(csrfMetaTag('"><script>')).toBe('<meta name="csrf-token" content="&#34;&#62;&#60;script&#62;">');
  });
});
