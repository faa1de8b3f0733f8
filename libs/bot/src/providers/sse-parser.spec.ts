import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('returns the data of complete events only, whatever the cuts', () => {
    const text = 'data: {"a":1}\n\n: keep-alive\n\ndata: [DONE]\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut)), ...p.end()];
      expect(events).toEqual(['{"a":1}', '[DONE]']);
    }
  });

  it('handles CRLF, a missing space after the colon, other fields and multi-line data', () => {
    const p = new SseParser();
    expect(p.push('event: x\r\nid: 1\r\ndata:one\r\ndata: two\r\n\r\n')).toEqual(['one\ntwo']);
  });

  it('emits a last event that is not followed by a blank line at the end', () => {
    const p = new SseParser();
    expect(p.push('data: tail')).toEqual([]);
    expect(p.end()).toEqual(['tail']);
  });
});
