import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ChatWidgetManifest } from '@parley/chat-widget';

export interface WidgetAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  contentType: string;
}

export interface WidgetAssets {
  manifest: ChatWidgetManifest;
  /** By file name: `embed.js` and the hashed app files. */
  files: Map<string, WidgetAsset>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function asset(name: string, body: Buffer): WidgetAsset {
  return {
    body,
    // Compressed once here: the files are small, fixed for the life of the process, and fetched on every page view.
    gzipped: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
  };
}

/**
 * The built widget (`npm run build -w @parley/chat-widget`, or `npm start`), read once and kept
 * in memory. Null when it has not been built, so the routes can say so instead of failing.
 */
export async function loadWidgetAssets(dir: string): Promise<WidgetAssets | null> {
  let manifest: ChatWidgetManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as ChatWidgetManifest;
  } catch {
    return null;
  }
  const names = [manifest.loader, manifest.appJs, manifest.appCss];
  const bodies = await Promise.all(names.map((name) => readFile(path.join(dir, name)).catch(() => null)));
  if (bodies.some((b) => b === null)) return null;
  return { manifest, files: new Map(names.map((name, i) => [name, asset(name, bodies[i]!)])) };
}
