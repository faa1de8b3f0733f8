import { AppError } from '@parley/contracts';

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

/**
 * The shared credential services (@parley/credentials) answer in the API's taxonomy: a 400 is
 * bad input (usage, exit 2), any other 4xx a command that could not be done (exit 1).
 */
export async function withCliErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AppError && err.statusCode < 500) {
      throw err.statusCode === 400 ? new UsageError(err.message) : new CommandFailedError(err.message);
    }
    throw err;
  }
}
