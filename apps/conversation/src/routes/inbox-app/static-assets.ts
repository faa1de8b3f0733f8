import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A built file name: one path segment of safe characters, so no request can leave the directory. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface AssetFile {
  stream: NodeJS.ReadableStream;
  type: string;
  size: number;
  /** `gzip` when the pre-compressed copy is sent. */
  encoding: 'gzip' | null;
}

const sizeOf = async (file: string) => {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
};

/**
 * A hashed asset by name, as the pre-compressed `.gz` the build wrote when the client accepts
 * gzip. Null when the name is unsafe or the file does not exist.
 */
export async function openAsset(assetsDir: string, name: string, acceptEncoding: string | undefined): Promise<AssetFile | null> {
  if (!SAFE_NAME.test(name)) return null;
  const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
  const file = path.join(assetsDir, name);
  if (/\bgzip\b/.test(acceptEncoding ?? '')) {
    const size = await sizeOf(`${file}.gz`);
    if (size !== null) return { stream: createReadStream(`${file}.gz`), type, size, encoding: 'gzip' };
  }
  const size = await sizeOf(file);
  return size === null ? null : { stream: createReadStream(file), type, size, encoding: null };
}
