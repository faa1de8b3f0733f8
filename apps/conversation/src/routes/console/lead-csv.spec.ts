import { csvField } from './lead-csv';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['+cmd|" /c calc"!A0', `"'+cmd|"" /c calc""!A0"`],
    ['\tx', "'\tx"],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
  ])('%j → %j', (input, output) => expect(csvField(input)).toBe(output));

  it('writes null as an empty field', () => expect(csvField(null)).toBe(''));
});
