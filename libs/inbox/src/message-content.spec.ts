import { checkMessageContent } from './message-content';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return `${(e as { statusCode: number }).statusCode} ${(e as { code: string }).code} ${(e as { details?: { path: string }[] }).details?.[0]?.path}`;
  }
};

/** One valid example of each rich media type, exactly as the reference shows them. */
const RICH_EXAMPLES = {
  image: { content: 'Optional caption', rich_media: { url: 'https://example.com/photo.jpg', alt: 'A scenic view' } },
  file: {
    content: 'invoice.pdf',
    rich_media: { url: 'https://example.com/files/invoice.pdf', filename: 'invoice.pdf', size: 204800, mime_type: 'application/pdf' },
  },
  quick_button: { content: 'Choose an option:', rich_media: { buttons: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] } },
  carousel: {
    content: '',
    rich_media: { cards: [{ image_url: 'https://example.com/a.png', title: 'Product A', subtitle: 'Short description', buttons: [{ label: 'Buy now', value: 'buy_A' }] }] },
  },
  dropdown: {
    content: 'Select your region:',
    rich_media: { placeholder: '-- pick one --', options: [{ label: 'Asia Pacific', value: 'apac' }, { label: 'Europe', value: 'eu' }] },
  },
} as const;

describe('checkMessageContent', () => {
  it.each(Object.entries(RICH_EXAMPLES))('accepts the reference %s', (type, example) => {
    const checked = checkMessageContent({ content: example.content, contentType: type as keyof typeof RICH_EXAMPLES, richMedia: { ...example.rich_media } });
    expect(checked).toEqual({ content: example.content, contentType: type, richMedia: example.rich_media });
  });

  it('accepts plain text and defaults the type to text', () => {
    expect(checkMessageContent({ content: 'hi' })).toEqual({ content: 'hi', contentType: 'text', richMedia: null });
  });

  it.each([
    ['empty text', { content: '  ' }, '400 VALIDATION_FAILED body/content'],
    ['rich media on text', { content: 'x', richMedia: { url: 'https://a.b/c' } }, '400 INVALID_RICH_MEDIA body/rich_media'],
    ['an image without media', { content: '', contentType: 'image' }, '400 INVALID_RICH_MEDIA body/rich_media'],
    ['a javascript: image', { content: '', contentType: 'image', richMedia: { url: 'javascript:alert(1)//' } }, '400 INVALID_RICH_MEDIA body/rich_media/url'],
    ['a data: image', { content: '', contentType: 'image', richMedia: { url: 'data:image/png;base64,AAAA' } }, '400 INVALID_RICH_MEDIA body/rich_media/url'],
    ['a file without size', { content: '', contentType: 'file', richMedia: { url: 'https://a.b/f', filename: 'f', mime_type: 'text/plain' } }, '400 INVALID_RICH_MEDIA body/rich_media'],
    ['no buttons', { content: '', contentType: 'quick_button', richMedia: { buttons: [] } }, '400 INVALID_RICH_MEDIA body/rich_media/buttons'],
    ['a card with an ftp image', { content: '', contentType: 'carousel', richMedia: { cards: [{ title: 'A', image_url: 'ftp://x.y/z' }] } }, '400 INVALID_RICH_MEDIA body/rich_media/cards/0/image_url'],
    ['a dropdown option without value', { content: '', contentType: 'dropdown', richMedia: { options: [{ label: 'A' }] } }, '400 INVALID_RICH_MEDIA body/rich_media/options/0'],
    ['an unknown field', { content: '', contentType: 'image', richMedia: { url: 'https://a.b/c', onload: 'x' } }, '400 INVALID_RICH_MEDIA body/rich_media/onload'],
  ] as const)('refuses %s', (_label, input, expected) => {
    expect(code(() => checkMessageContent(input as Parameters<typeof checkMessageContent>[0]))).toBe(expected);
  });
});
