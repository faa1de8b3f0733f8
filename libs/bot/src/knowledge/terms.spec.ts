import { meaningfulTerms, normalizeTerm } from './terms';

describe('terms', () => {
  it('drops stop words, folds case and accents, and strips plurals', () => {
    expect(meaningfulTerms('How do I return my Shoes? Café policies!')).toEqual(['return', 'shoe', 'cafe', 'policy']);
  });

  it('keeps numbers and words where a final s is not a plural', () => {
    expect(normalizeTerm('4')).toBe('4');
    expect(normalizeTerm('address')).toBe('address');
    expect(normalizeTerm('status')).toBe('status');
    expect(normalizeTerm('a')).toBeNull();
  });
});
