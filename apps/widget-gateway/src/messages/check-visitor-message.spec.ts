import type { VisitorMessageBody } from '@parley/contracts';
import { checkVisitorMessage } from './check-visitor-message';

const refusal = (body: VisitorMessageBody) => {
  try {
    checkVisitorMessage(body);
  } catch (err) {
    return err as { statusCode: number; code: string; details: { path: string }[] };
  }
  throw new Error('expected a refusal');
};

describe('checkVisitorMessage', () => {
  it('accepts text, and each rich media type of the reference', () => {
    expect(checkVisitorMessage({ content: 'Hello', client_message_id: 'c-1' })).toEqual({
      content: 'Hello',
      contentType: 'text',
      richMedia: null,
      clientMessageId: 'c-1',
    });
    const valid: VisitorMessageBody[] = [
      { content: 'Caption', content_type: 'image', rich_media: { url: 'https://example.com/photo.jpg', alt: 'A view' } },
      {
        content: 'invoice.pdf',
        content_type: 'file',
        rich_media: { url: 'https://example.com/i.pdf', filename: 'invoice.pdf', size: 204800, mime_type: 'application/pdf' },
      },
      { content: 'Choose:', content_type: 'quick_button', rich_media: { buttons: [{ label: 'Yes', value: 'yes' }] } },
      {
        content: '',
        content_type: 'carousel',
        rich_media: { cards: [{ image_url: 'http://cdn.example.com/a.png', title: 'A', subtitle: 's', buttons: [{ label: 'Buy', value: 'buy_A' }] }] },
      },
      { content: 'Region:', content_type: 'dropdown', rich_media: { placeholder: '-- pick --', options: [{ label: 'EU', value: 'eu' }] } },
    ];
    for (const body of valid) expect(checkVisitorMessage(body).richMedia).toEqual(body.rich_media);
  });

  it.each([
    ['empty text', { content: '   ' }, 'body/content'],
    ['rich media on text', { content: 'hi', rich_media: { url: 'https://x.example' } }, 'body/rich_media'],
    ['an image without rich media', { content: '', content_type: 'image' }, 'body/rich_media'],
    ['a javascript: image', { content: '', content_type: 'image', rich_media: { url: 'javascript:alert(1)' } }, 'body/rich_media/url'],
    ['a data: file', { content: '', content_type: 'file', rich_media: { url: 'data:text/html,hi', filename: 'a', size: 1, mime_type: 'text/html' } }, 'body/rich_media/url'],
    ['an unparseable URL', { content: '', content_type: 'image', rich_media: { url: 'https://[nope' } }, 'body/rich_media/url'],
    ['a javascript: card image', { content: '', content_type: 'carousel', rich_media: { cards: [{ title: 'A', image_url: 'JavaScript:alert(1)' }] } }, 'body/rich_media/cards/0/image_url'],
    ['buttons without a value', { content: '', content_type: 'quick_button', rich_media: { buttons: [{ label: 'Yes' }] } }, 'body/rich_media/buttons/0'],
    ['no buttons', { content: '', content_type: 'quick_button', rich_media: { buttons: [] } }, 'body/rich_media/buttons'],
    ['the wrong shape for the type', { content: '', content_type: 'dropdown', rich_media: { url: 'https://x.example/a.png' } }, 'body/rich_media'],
    ['a negative file size', { content: '', content_type: 'file', rich_media: { url: 'https://x.example/f', filename: 'f', size: -1, mime_type: 'a/b' } }, 'body/rich_media/size'],
  ] as [string, VisitorMessageBody, string][])('refuses %s with 400 VALIDATION_FAILED at its path', (_label, body, path) => {
    const err = refusal(body);
    expect(err).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(err.details.map((d) => d.path)).toContain(path);
  });
});
