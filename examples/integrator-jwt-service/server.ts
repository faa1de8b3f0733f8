// Runs the example: see README.md. Reads its configuration once, listens, stops on SIGTERM/SIGINT.
import { readConfig } from './config';
import { createTokenServer } from './token-server';

let config;
try {
  config = readConfig(process.env);
} catch (err) {
  console.error(`integrator-jwt-service: ${(err as Error).message}`);
  process.exit(1);
}

const server = createTokenServer(config);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`integrator-jwt-service listening on http://${config.host}:${port} (POST /parley-token, ${config.credentials.algorithm})`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive sockets could hold close() open; a token service has nothing worth waiting for.
    server.closeAllConnections();
  });
}
