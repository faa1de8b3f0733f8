import { chunkText, paced } from './chunk-text';

describe('chunkText', () => {
  it('cuts a few words per chunk and joins back to the same text', () => {
    const text = 'Orders ship within two business days,  from our warehouse.\nTracking follows.';
    const chunks = chunkText(text, 3);
    expect(chunks.join('')).toBe(text);
    expect(chunks[0]).toBe('Orders ship within ');
    expect(chunks.length).toBe(4);
  });

  it('gives nothing for blank text', () => {
    expect(chunkText('   ', 3)).toEqual([]);
  });
});

describe('paced', () => {
  it('stops with the abort reason', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const c of paced(['a', 'b', 'c'], 20, controller.signal)) {
        seen.push(c);
        controller.abort(new Error('stop'));
      }
    })();
    await expect(run).rejects.toThrow('stop');
    expect(seen).toEqual(['a']);
  });
});
