#!/usr/bin/env node
// Runs a TypeScript entry point straight from source: tsx handles the syntax, and the
// `@parley/source` export condition makes workspace libs resolve to src/ so no build is needed.
import { spawn } from 'node:child_process';

export const TS_NODE_ARGS = ['--conditions=@parley/source', '--import', 'tsx'];

const [file, ...args] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsnode.mjs <file.ts> [args...]\n');
  process.exit(2);
}
const child = spawn(process.execPath, [...TS_NODE_ARGS, file, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
