// Node side of the widget package: where its built browser assets live, and how to build them.
// The widget-gateway serves these files; `npm start` builds them before the services start.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Built browser assets (embed.js, the iframe app's JS and CSS). */
export const CHAT_WIDGET_ASSETS_DIR = path.resolve(__dirname, '../dist/web');

/** Names the gateway needs: the loader is fixed, the app's files are content-hashed. */
export interface ChatWidgetManifest {
  loader: 'embed.js';
  appJs: string;
  appCss: string;
}
export const MANIFEST_FILE = 'manifest.json';

export interface WebBuildResult {
  outDir: string;
  /** Output file names relative to outDir. */
  files: string[];
}

const SOURCE_DIR = path.resolve(__dirname, '../src');
/** Hashed files no manifest has named for this long are swept (another build may still be writing its own). */
const STALE_AFTER_MS = 10 * 60_000;
/** Browsers of the last ~4 years (Safari 14.1, Chrome 80, Firefox 78): old enough, and small output. */
const TARGET = ['es2019', 'chrome80', 'firefox78', 'safari14.1'];

/**
 * Bundles the loader and the iframe app with esbuild into CHAT_WIDGET_ASSETS_DIR (or outDir).
 * Several processes may build at once (jest workers, `npm start`), so nothing is written in
 * place: each file goes to a temporary name and is renamed over the old one (atomic on one file
 * system), hashed files first and the manifest last. A reader always finds a complete set.
 */
export async function buildChatWidget(opts: { outDir?: string } = {}): Promise<WebBuildResult> {
  // Loaded here, not at import: the gateway imports this module only for the assets directory.
  const esbuild = await import('esbuild');
  const outDir = opts.outDir ?? CHAT_WIDGET_ASSETS_DIR;
  const common = {
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    target: TARGET,
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: path.resolve(__dirname, '..'),
  } as const;
  const [loader, app] = await Promise.all([
    esbuild.build({ ...common, entryPoints: { embed: path.join(SOURCE_DIR, 'loader/embed.ts') }, format: 'iife', outdir: outDir }),
    esbuild.build({
      ...common,
      entryPoints: { app: path.join(SOURCE_DIR, 'app/main.tsx') },
      entryNames: '[name]-[hash]',
      format: 'iife',
      outdir: outDir,
      jsx: 'automatic',
      jsxImportSource: 'preact',
    }),
  ]);

  const outputs = [...loader.outputFiles, ...app.outputFiles];
  const named = outputs.map((file) => ({ name: path.relative(outDir, file.path), contents: file.contents }));
  const appJs = named.find((f) => /^app-[A-Z0-9]+\.js$/i.test(f.name))?.name;
  const appCss = named.find((f) => /^app-[A-Z0-9]+\.css$/i.test(f.name))?.name;
  if (!appJs || !appCss) throw new Error(`the widget build produced no app bundle (got ${named.map((f) => f.name).join(', ')})`);
  const manifest: ChatWidgetManifest = { loader: 'embed.js', appJs, appCss };

  await mkdir(outDir, { recursive: true });
  const hashed = named.filter((f) => f.name !== 'embed.js');
  await Promise.all(hashed.map((f) => writeAtomically(path.join(outDir, f.name), f.contents)));
  await writeAtomically(path.join(outDir, 'embed.js'), named.find((f) => f.name === 'embed.js')!.contents);
  await writeAtomically(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await sweepStale(outDir, new Set([...named.map((f) => f.name), MANIFEST_FILE]));
  return { outDir, files: [...named.map((f) => f.name), MANIFEST_FILE].sort() };
}

async function writeAtomically(file: string, contents: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

/** Earlier builds' hashed bundles and abandoned temp files, once nobody can still be serving them. */
async function sweepStale(outDir: string, keep: Set<string>): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(outDir)) {
    if (keep.has(name)) continue;
    const file = path.join(outDir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > STALE_AFTER_MS) await rm(file, { force: true });
  }
}
