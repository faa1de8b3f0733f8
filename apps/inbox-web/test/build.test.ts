import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildInboxWeb, INBOX_WEB_ASSETS_DIR } from '../build';

jest.setTimeout(120_000);

/** The production bundle: what the conversation service serves at `/`. */
describe('buildInboxWeb', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'inbox-build-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes index.html naming content-hashed, minified, pre-compressed assets that exist', async () => {
    const outDir = path.join(root, 'web');
    const { files } = await buildInboxWeb({ outDir });
    expect(files).toContain('index.html');
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(referenced).toEqual(expect.arrayContaining([expect.stringMatching(/^assets\/main-[A-Z0-9]{8}\.js$/), expect.stringMatching(/^assets\/main-[A-Z0-9]{8}\.css$/)]));
    for (const file of referenced) {
      expect(files).toContain(file);
      if (/\.(js|css)$/.test(file)) {
        const [raw, gz] = await Promise.all([readFile(path.join(outDir, file)), readFile(path.join(outDir, `${file}.gz`))]);
        expect(gunzipSync(gz).equals(raw)).toBe(true);
      }
    }
    // No inline script or style anywhere: the page's CSP allows neither.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|style="/);
    const main = await readFile(path.join(outDir, referenced.find((f) => f.endsWith('.js'))!), 'utf8');
    expect(main.split('\n').length).toBeLessThan(5); // minified
  });

  it('keeps the charts (uPlot) out of the entry script: they load with the Analytics page', async () => {
    const outDir = path.join(root, 'web');
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    const eager = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const lazy = (await readdir(path.join(outDir, 'assets'))).filter((f) => f.endsWith('.js') && !eager.includes(`assets/${f}`));
    const read = (f: string) => readFile(path.join(outDir, f), 'utf8');
    // uPlot's own error text marks its code.
    const marker = 'uplot';
    const eagerText = (await Promise.all(eager.map(read))).join('\n').toLowerCase();
    const lazyText = (await Promise.all(lazy.map((f) => read(`assets/${f}`)))).join('\n').toLowerCase();
    expect(lazyText).toContain(marker);
    expect(eagerText).not.toContain('u-legend');
    expect(lazyText).toContain('u-legend');
  });

  it('survives several builds into the same place at once, ending with one complete build', async () => {
    const outDir = path.join(root, 'shared');
    const results = await Promise.all([buildInboxWeb({ outDir }), buildInboxWeb({ outDir }), buildInboxWeb({ outDir })]);
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) expect(existsSync(path.join(outDir, m[1]!))).toBe(true);
    expect(results.every((r) => r.files.join() === results[0]!.files.join())).toBe(true);
    // Nothing staged or set aside is left behind.
    expect((await readdir(root)).sort()).toEqual(['shared', 'web']);
  });

  it('builds into the package by default, where the conversation service looks', () => {
    expect(INBOX_WEB_ASSETS_DIR).toBe(path.resolve(__dirname, '../dist/web'));
  });
});
