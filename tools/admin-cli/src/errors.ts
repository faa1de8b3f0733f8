/**
 * The CLI's two ways to fail, which map to exit codes: bad input the caller can fix by changing
 * the command line (2), and a command that was well-formed but could not be done (1).
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CommandFailedError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailedError';
  }
}
