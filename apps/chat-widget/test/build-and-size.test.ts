import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildChatWidget, MANIFEST_FILE, type ChatWidgetManifest } from '../build';

/** The budget: the loader runs on every customer page, the app in every open widget. */
const LOADER_MAX_GZIP = 2 * 1024;
const APP_MAX_GZIP = 35 * 1024;

describe('the widget build', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-widget-build-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const gzipped = async (file: string) => gzipSync(await readFile(path.join(dir, file)), { level: 9 }).length;

  it('keeps embed.js within 2 KB and the iframe app (JS + CSS) within 35 KB, gzipped', async () => {
    const { files } = await buildChatWidget({ outDir: dir });
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as ChatWidgetManifest;
    expect(files).toEqual([manifest.appCss, manifest.appJs, 'embed.js', MANIFEST_FILE].sort());
    const loader = await gzipped('embed.js');
    const app = (await gzipped(manifest.appJs)) + (await gzipped(manifest.appCss));
    // Printed so the figures in docs/widget.md can be checked against a real build.
    process.stdout.write(`widget sizes (gzip -9): embed.js ${loader} B, app JS + CSS ${app} B\n`);
    expect(loader).toBeLessThanOrEqual(LOADER_MAX_GZIP);
    expect(app).toBeLessThanOrEqual(APP_MAX_GZIP);
  });

  it('keeps its names inside one function expression (no globals but the window.Parley it sets), in ES2019 syntax', async () => {
    const loader = await readFile(path.join(dir, 'embed.js'), 'utf8');
    expect(loader.startsWith('"use strict";(()=>{')).toBe(true);
    expect(loader.trimEnd().endsWith('})();')).toBe(true);
    expect(loader).not.toMatch(/\?\?|\?\./); // ES2020 operators
  });

  it('survives several builds at once into one directory: every file the manifest names is complete', async () => {
    await Promise.all([1, 2, 3].map(() => buildChatWidget({ outDir: dir })));
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as ChatWidgetManifest;
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    for (const file of [manifest.loader, manifest.appJs, manifest.appCss]) expect(names).toContain(file);
    expect((await readFile(path.join(dir, manifest.appJs), 'utf8')).length).toBeGreaterThan(1000);
  });
});
