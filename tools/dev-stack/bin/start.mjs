#!/usr/bin/env node
// `npm start`. Plain JavaScript with no dependencies, because on a fresh clone it runs before
// anything is installed: install if needed, then run the TypeScript orchestrator from source.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Same flags as tsnode.mjs (importing it would run it).
const TS_NODE_ARGS = ['--conditions=@parley/source', '--import', 'tsx'];

function fail(message) {
  process.stderr.write(`start: ${message}\n`);
  process.exit(1);
}

function run(command, args) {
  process.stdout.write(`start: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`"${command} ${args.join(' ')}" failed (${result.error?.message ?? `exit code ${result.status}`})`);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: Parley needs Node 20.19 or newer.`);

// npm writes node_modules/.package-lock.json at the end of every install, so its absence means
// no install, or one that did not finish. The generated Prisma client is git-ignored too, and
// made by the install's postinstall; regenerate it alone if only it is missing.
if (!existsSync(path.join(root, 'node_modules/.package-lock.json'))) {
  run(npm, existsSync(path.join(root, 'package-lock.json')) ? ['ci'] : ['install']);
} else if (!existsSync(path.join(root, 'libs/db/src/generated/prisma/client.ts'))) {
  run(npm, ['run', 'db:generate']);
}

// Its own process group, so a terminal's Ctrl-C reaches it once, from us, rather than twice
// (a repeated signal means "force"); the IPC lifeline stops it should this process be killed.
const child = spawn(
  process.execPath,
  [...TS_NODE_ARGS, '--require', path.join(here, 'exit-with-parent.cjs'), path.join(root, 'tools/dev-stack/src/start.ts')],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true },
);
child.channel?.unref();

// Forward each stop request once. A terminal's Ctrl-C reaches us and, through npm, often a second
// time a moment later; only a signal well after the first is the user's "stop now" (which the
// orchestrator answers by killing everything).
const REPEAT_WINDOW_MS = 1000;
let lastForwarded = 0;
function forward(signal) {
  if (lastForwarded && Date.now() - lastForwarded < REPEAT_WINDOW_MS) return;
  lastForwarded = Date.now();
  child.kill(signal);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));

// `npm start` runs us under `sh -c`. A SIGTERM to npm is passed to that shell, which dies of it
// without passing it on, and we would run on as an orphan: notice the new parent and stop.
const parentPid = process.ppid;
const orphanCheck = setInterval(() => {
  if (process.ppid === parentPid) return;
  clearInterval(orphanCheck);
  if (!lastForwarded) forward('SIGTERM');
}, 250);
orphanCheck.unref();

child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
