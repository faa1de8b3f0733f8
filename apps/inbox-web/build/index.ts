// Node side of the inbox package: where its built single-page app lives, and how to build it.
// The conversation service serves these files at `/`; `npm start` builds them first.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Metafile, Plugin } from 'esbuild';
import { FAVICON_SVG, renderIndexHtml } from './index-html';
import { listFiles, publishDir } from './publish-dir';

/** Built browser assets (index.html, JS, CSS). */
export const INBOX_WEB_ASSETS_DIR = path.resolve(__dirname, '../dist/web');
/** Hashed files live under this path of the site (and of the output directory). */
export const ASSETS_PATH = 'assets';
/** Browsers this bundle is written for: the last few years of evergreen browsers. */
const TARGETS = ['chrome111', 'edge111', 'firefox115', 'safari16.4'];
const SRC_DIR = path.resolve(__dirname, '../src');
/** Compressed once here, so the server sends `.gz` files without compressing per request. */
const COMPRESSIBLE = /\.(js|css|svg)$/;

export interface WebBuildResult {
  outDir: string;
  /** Output file names relative to outDir. */
  files: string[];
}

/**
 * Browser code may take types from the workspace libraries (`import type`), never values: those
 * would drag Node-side code such as TypeBox into the bundle.
 */
const noWorkspaceRuntime: Plugin = {
  name: 'no-workspace-runtime',
  setup(b) {
    b.onResolve({ filter: /^@parley\// }, (args) => ({
      errors: [{ text: `${args.path} is imported at runtime by ${path.relative(SRC_DIR, args.importer)}: use "import type"` }],
    }));
  },
};

const gzipAsync = promisify(gzip);
const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10).toUpperCase();

/** The entry's script, its stylesheet and the chunks it imports statically, as site paths (metafile paths are relative to `root`). */
function shellAssets(meta: Metafile, root: string) {
  const sitePath = (file: string) => `/${path.relative(root, path.resolve(root, file)).split(path.sep).join('/')}`;
  const [file, entry] = Object.entries(meta.outputs).find(([, o]) => o.entryPoint !== undefined && o.cssBundle !== undefined) ?? [];
  if (!file || !entry?.cssBundle) throw new Error('esbuild produced no entry script with a stylesheet');
  const preload = entry.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => sitePath(i.path));
  return { script: sitePath(file), stylesheet: sitePath(entry.cssBundle), preload };
}

/** Bundles the inbox SPA with esbuild into INBOX_WEB_ASSETS_DIR (or outDir). */
export async function buildInboxWeb(opts: { outDir?: string } = {}): Promise<WebBuildResult> {
  const outDir = path.resolve(opts.outDir ?? INBOX_WEB_ASSETS_DIR);
  await mkdir(path.dirname(outDir), { recursive: true });
  // A sibling of the target, so publishing is a rename within one file system.
  const staged = await mkdtemp(path.join(path.dirname(outDir), `.${path.basename(outDir)}-build-`));
  try {
    // Loaded here: the conversation service imports this module for INBOX_WEB_ASSETS_DIR and never builds.
    const { build } = await import('esbuild');
    const result = await build({
      absWorkingDir: staged,
      entryPoints: { main: path.join(SRC_DIR, 'main.tsx') },
      outdir: path.join(staged, ASSETS_PATH),
      tsconfig: path.join(SRC_DIR, 'tsconfig.json'),
      bundle: true,
      minify: true,
      format: 'esm',
      // The console's charts (uPlot) load only when someone opens them.
      splitting: true,
      platform: 'browser',
      target: TARGETS,
      entryNames: '[name]-[hash]',
      chunkNames: 'chunk-[hash]',
      assetNames: '[name]-[hash]',
      sourcemap: 'linked',
      legalComments: 'linked',
      metafile: true,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [noWorkspaceRuntime],
    });
    const icon = `favicon-${shortHash(FAVICON_SVG)}.svg`;
    await writeFile(path.join(staged, ASSETS_PATH, icon), FAVICON_SVG);
    const shell = shellAssets(result.metafile, staged);
    await writeFile(path.join(staged, 'index.html'), renderIndexHtml({ ...shell, icon: `/${ASSETS_PATH}/${icon}` }));
    for (const file of await listFiles(path.join(staged, ASSETS_PATH))) {
      if (!COMPRESSIBLE.test(file)) continue;
      const full = path.join(staged, ASSETS_PATH, file);
      await writeFile(`${full}.gz`, await gzipAsync(await readFile(full), { level: 9 }));
    }
    const files = await listFiles(staged);
    await publishDir(staged, outDir);
    return { outDir, files };
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}
