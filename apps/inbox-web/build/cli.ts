// `npm run build -w @parley/inbox-web`: bundles the inbox and prints what it wrote.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buildInboxWeb } from './index';

async function main() {
  const began = performance.now();
  const { outDir, files } = await buildInboxWeb();
  const sizes = new Map<string, number>();
  for (const file of files) sizes.set(file, (await stat(path.join(outDir, file))).size);
  for (const file of files.filter((f) => !f.endsWith('.gz') && !f.endsWith('.map'))) {
    const gz = sizes.get(`${file}.gz`);
    process.stdout.write(`${file.padEnd(40)} ${String(sizes.get(file)).padStart(8)} B${gz === undefined ? '' : `  ${String(gz).padStart(7)} B gzip`}\n`);
  }
  process.stdout.write(`inbox built into ${path.relative(process.cwd(), outDir) || '.'} in ${Math.round(performance.now() - began)} ms\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
