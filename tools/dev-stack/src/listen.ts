import type { Server } from 'node:net';

/** Listens on loopback, turning a busy port into a message that says which setting to change. */
export async function listenOn(server: Server, port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} (${variable}) is already in use: is another "npm start" running? Stop it or set ${variable}.`)
          : new Error(`cannot listen on 127.0.0.1:${port} (${variable}): ${err.message}`),
      );
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Resolves with the promise's outcome, or `fallback` once `ms` have passed (timer cleared either way). */
export async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
