// The client process of a benchmark: it receives one job over IPC, runs it, sends the result back.
import type { ClientJob } from './client-jobs';
import { runFirstToken } from './first-token-client';
import { runThroughput } from './throughput-load';

process.once('message', (job: ClientJob) => {
  const run = job.kind === 'throughput' ? runThroughput(job) : runFirstToken(job);
  run.then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send!({ ok: false, error: (err as Error).stack ?? String(err) }, () => process.exit(1)),
  );
});
