import { formatBytes, linkify, safeUrl } from '../src/app/format';
import { leadSettings, shouldAskForLead } from '../src/app/lead-capture';
import { readRichMedia } from '../src/app/rich-media';
import { SseParser } from '../src/app/sse-parser';

describe('what message content may become', () => {
  it('links and sources: http(s) only', () => {
    expect(safeUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>', 'vbscript:x', '//evil.example', '/relative', 42, null]) {
      expect(safeUrl(bad)).toBeNull();
    }
  });

  it('turns only http(s) URLs in text into links, keeping everything else as text', () => {
    expect(linkify('<img src=x onerror=alert(1)>')).toEqual([{ text: '<img src=x onerror=alert(1)>' }]);
    expect(linkify('see https://example.com/help. or javascript:alert(1)')).toEqual([
      { text: 'see ' },
      { text: 'https://example.com/help', href: 'https://example.com/help' },
      { text: '. or javascript:alert(1)' },
    ]);
  });

  it('formats file sizes as people read them', () => {
    expect([0, 1023, 1024, 204800, 1536 * 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1 KB', '200 KB', '1.5 MB', '5 GB']);
    expect(formatBytes(-1)).toBe('0 B');
  });

  it('reads each rich media type, and falls back to text for anything malformed or unsafe', () => {
    expect(readRichMedia('image', { url: 'https://x.example/a.png', alt: 'A' })).toEqual({ kind: 'image', url: 'https://x.example/a.png', alt: 'A' });
    expect(readRichMedia('image', { url: 'javascript:alert(1)' })).toBeNull();
    expect(readRichMedia('file', { url: 'https://x.example/f.pdf', filename: 'f.pdf', size: 10, mime_type: 'application/pdf' })).toMatchObject({ kind: 'file', size: 10 });
    expect(readRichMedia('quick_button', { buttons: [{ label: 'Yes', value: 'yes' }, { label: 1 }] })).toEqual({ kind: 'quick_button', buttons: [{ label: 'Yes', value: 'yes' }] });
    expect(readRichMedia('carousel', { cards: [{ title: 'T', image_url: 'data:x', buttons: [] }] })).toEqual({
      kind: 'carousel',
      cards: [{ title: 'T', subtitle: null, imageUrl: null, buttons: [] }],
    });
    expect(readRichMedia('dropdown', { options: [] })).toBeNull();
    expect(readRichMedia('carousel', null)).toBeNull();
  });
});

describe('SseParser', () => {
  it('reads events split anywhere, with CRLF, multi-line data and heartbeats', () => {
    const p = new SseParser();
    const stream = ': ping\r\nevent: token\r\ndata: {"delta":"Hel\r\n\r\nevent: done\ndata: a\ndata: b\n\n';
    const events = [...stream].flatMap((ch) => p.push(ch));
    expect(events).toEqual([
      { event: 'token', data: '{"delta":"Hel' },
      { event: 'done', data: 'a\nb' },
    ]);
  });
});

describe('when the widget asks for contact details', () => {
  it('by default when the bot hands over, never twice and never for a verified visitor', () => {
    const settings = leadSettings({});
    expect(settings).toEqual({ enabled: true, when: 'handoff', askName: true, askPhone: false });
    expect(shouldAskForLead(settings, 'handoff', { verified: false, alreadyAsked: false })).toBe(true);
    expect(shouldAskForLead(settings, 'first_message', { verified: false, alreadyAsked: false })).toBe(false);
    expect(shouldAskForLead(settings, 'handoff', { verified: true, alreadyAsked: false })).toBe(false);
    expect(shouldAskForLead(settings, 'handoff', { verified: false, alreadyAsked: true })).toBe(false);
  });

  it("as the bot's lead_capture settings say", () => {
    expect(leadSettings({ enabled: false }).enabled).toBe(false);
    expect(leadSettings({ when: 'never' }).enabled).toBe(false);
    expect(leadSettings({ when: 'first_message', fields: ['email', 'phone'] })).toEqual({ enabled: true, when: 'first_message', askName: false, askPhone: true });
    expect(leadSettings('nonsense')).toEqual(leadSettings({}));
  });
});
