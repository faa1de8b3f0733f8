import { readFileSync } from 'node:fs';
import type { SignerCredentials } from '@parley/identity-signer';

export interface TokenServiceConfig {
  port: number;
  host: string;
  credentials: SignerCredentials;
  /** Only if your Parley deployment changed IDENTITY_AUDIENCE. */
  audience?: string;
  ttlSeconds?: number;
}

/**
 * The client id and the secret or private key come from the environment (fill it from your
 * secrets manager); they are never compiled in, logged, or sent to the browser.
 *
 *   PARLEY_CLIENT_ID            required
 *   PARLEY_CLIENT_SECRET        HS256: the client secret Parley showed when the app was registered
 *   PARLEY_PRIVATE_KEY          RS256/ES256: the PEM itself (\n escapes allowed) ...
 *   PARLEY_PRIVATE_KEY_FILE     ... or a path to it
 *   PARLEY_KEY_ID               the kid the public key was registered under (optional for HS256)
 *   PARLEY_ALGORITHM            RS256 or ES256 (with a private key)
 *   PARLEY_AUDIENCE, PARLEY_TOKEN_TTL_SECONDS, PORT (4000), HOST (127.0.0.1)   optional
 */
export function readConfig(env: Record<string, string | undefined>): TokenServiceConfig {
  const need = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const clientId = need('PARLEY_CLIENT_ID');
  const kid = env.PARLEY_KEY_ID?.trim() || undefined;

  let credentials: SignerCredentials;
  if (env.PARLEY_CLIENT_SECRET) {
    credentials = { clientId, algorithm: 'HS256', clientSecret: env.PARLEY_CLIENT_SECRET, ...(kid ? { kid } : {}) };
  } else {
    const privateKey = env.PARLEY_PRIVATE_KEY
      ? env.PARLEY_PRIVATE_KEY.replace(/\\n/g, '\n')
      : env.PARLEY_PRIVATE_KEY_FILE
        ? readFileSync(env.PARLEY_PRIVATE_KEY_FILE, 'utf8')
        : undefined;
    if (!privateKey) throw new Error('set PARLEY_CLIENT_SECRET, or PARLEY_PRIVATE_KEY or PARLEY_PRIVATE_KEY_FILE');
    const algorithm = need('PARLEY_ALGORITHM');
    if (algorithm !== 'RS256' && algorithm !== 'ES256') throw new Error('PARLEY_ALGORITHM must be RS256 or ES256');
    credentials = { clientId, algorithm, privateKey, kid: need('PARLEY_KEY_ID') };
  }

  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port number');
  const ttl = env.PARLEY_TOKEN_TTL_SECONDS ? Number(env.PARLEY_TOKEN_TTL_SECONDS) : undefined;
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    credentials,
    ...(env.PARLEY_AUDIENCE ? { audience: env.PARLEY_AUDIENCE } : {}),
    ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
  };
}
