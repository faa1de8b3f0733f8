// `npm run admin -- <command>`: the only place the admin CLI touches process globals.
import { runCli } from './run-cli';

void runCli({
  argv: process.argv.slice(2),
  env: process.env,
  io: { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) },
}).then((code) => {
  process.exitCode = code;
});
