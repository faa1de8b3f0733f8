// `npm run build -w @parley/chat-widget`: bundles the widget and prints each file's gzipped size.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildChatWidget } from './index';

async function main(): Promise<void> {
  const outDir = process.argv[2];
  const { outDir: dir, files } = await buildChatWidget(outDir ? { outDir: path.resolve(outDir) } : {});
  for (const file of files) {
    const bytes = await readFile(path.join(dir, file));
    process.stdout.write(`${file.padEnd(28)} ${String(bytes.length).padStart(7)} B  ${String(gzipSync(bytes, { level: 9 }).length).padStart(6)} B gzipped\n`);
  }
  process.stdout.write(`written to ${dir}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`chat-widget build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
