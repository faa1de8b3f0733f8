/**
 * What a benchmark must undo (servers, child processes, the scratch database), undone in reverse
 * order exactly once: at the end, on an error, on Ctrl-C, or when the whole run overruns.
 */
export class Teardown {
  private readonly steps: { name: string; fn: () => Promise<unknown> }[] = [];
  private running: Promise<void> | undefined;

  constructor(overallLimitMs: number) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void this.run().finally(() => process.exit(130)));
    }
    setTimeout(() => {
      process.stderr.write(`benchmark overran ${overallLimitMs} ms: cleaning up and exiting\n`);
      void this.run().finally(() => process.exit(2));
    }, overallLimitMs).unref();
  }

  add(name: string, fn: () => Promise<unknown>): void {
    this.steps.push({ name, fn });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        await step.fn().catch((err: unknown) => process.stderr.write(`cleanup "${step.name}" failed: ${(err as Error).message}\n`));
      }
    })();
    return this.running;
  }
}
