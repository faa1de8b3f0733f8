// `npm start` (through bin/start.mjs): the only place the dev stack reads process globals.
import path from 'node:path';
import { ConfigError } from '@parley/config';
import { DevStack } from './dev-stack';
import { loadStackConfig } from './stack-config';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const tag = color ? '\u001b[1mstart\u001b[0m' : 'start';

function main(): void {
  let config;
  try {
    config = loadStackConfig(process.env, REPO_ROOT);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`${tag}: ${error.message}`);
    process.exit(1);
  }

  const stack = new DevStack({
    config,
    repoRoot: REPO_ROOT,
    cwd: process.cwd(),
    env: process.env,
    color,
    io: { info: (line) => out(`${tag}: ${line}`), error: (line) => err(`${tag}: ${line}`), service: out },
  });
  const exit = (code: number) => process.exit(code);

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      out(`${tag}: ${signal} received, stopping (again to force)`);
      void stack.stop().then(exit);
    } else {
      err(`${tag}: second ${signal}: killing everything now`);
      stack.kill();
      exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  void stack.run().then(exit);
}

main();
