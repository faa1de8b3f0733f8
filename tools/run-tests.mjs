#!/usr/bin/env node
// `npm test`: checks that Postgres and Redis answer, type-checks the whole workspace, runs every
// project's jest tests in one process (they share a worker pool), and ends with exactly one line
// `N passed, N failed, N skipped`. Extra arguments go to jest (e.g. `npm test -- libs/db`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, '.parley', 'jest-results.json');
const jestArgs = process.argv.slice(2);

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function summary(passed, failed, skipped) {
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exit(failed > 0 ? 1 : 0);
}

const missing = [];
if (!(await reachable('127.0.0.1', 5432))) missing.push('Postgres on 127.0.0.1:5432 (start: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)');
if (!(await reachable('127.0.0.1', 6379))) missing.push('Redis on 127.0.0.1:6379 (start: redis-server --daemonize yes)');
if (missing.length) {
  for (const m of missing) process.stderr.write(`Tests need ${m}\n`);
  summary(0, missing.length, 0);
}

let typecheckFailed = 0;
if (!process.env.PARLEY_SKIP_TYPECHECK) {
  process.stdout.write('Type-checking the workspace (tsc)...\n');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  // Browser apps (the widget, the inbox) type-check with their own settings: DOM types and JSX.
  const webProjects = readdirSync(path.join(root, 'apps'))
    .flatMap((app) => [path.join(root, 'apps', app, 'src', 'tsconfig.json'), path.join(root, 'apps', app, 'test', 'dom', 'tsconfig.json')])
    .filter((file) => existsSync(file));
  const web = webProjects.map((project) =>
    spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: root, stdio: 'inherit' }),
  );
  typecheckFailed = tsc.status === 0 && web.every((r) => r.status === 0) ? 0 : 1;
  process.stdout.write(typecheckFailed ? 'Type-check failed.\n' : 'Type-check passed.\n');
}

mkdirSync(path.dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });
const jest = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${resultsFile}`, '--forceExit', ...jestArgs],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
);

let results;
try {
  results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  process.stderr.write(`jest produced no results (exit ${jest.status}).\n`);
  summary(typecheckFailed ? 1 : 0, 1, 0);
}
// A suite that fails to load (syntax error, failing hook) has no test results of its own:
// count it as a failure so it cannot hide.
const brokenSuites = results.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
const passed = results.numPassedTests + (process.env.PARLEY_SKIP_TYPECHECK ? 0 : 1 - typecheckFailed);
const failed = results.numFailedTests + brokenSuites + typecheckFailed;
const skipped = results.numPendingTests + results.numTodoTests;
if (jest.status !== 0 && failed === 0) {
  process.stderr.write(`jest exited with ${jest.status} although no test failed.\n`);
  summary(passed, 1, skipped);
}
summary(passed, failed, skipped);
