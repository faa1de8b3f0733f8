import { readFile } from 'node:fs/promises';
import type { AppWithSecret, PublicKeyInput } from '@parley/contracts';
import { createApp as registerApp } from '@parley/credentials';
import type { Db } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { booleanFlag, defineCommand, requiredFlag, stringFlag } from '../command';
import { CommandFailedError, UsageError, withCliErrors } from '../errors';
import { resolveOrg } from '../org-ref';

export interface CreateAppInput {
  org: string;
  name: string;
  /** A public key to register: an SPKI PEM file, or a JSON file holding a JWK. */
  publicKeyFile?: string;
  kid?: string;
  algorithm?: string;
  /** Default true: issue an HS256 client secret. */
  clientSecret?: boolean;
}

async function readPublicKey(input: CreateAppInput): Promise<PublicKeyInput> {
  if (!input.kid || !input.algorithm) throw new UsageError('--public-key-file needs --kid <key id> and --algorithm RS256|ES256');
  if (input.algorithm !== 'RS256' && input.algorithm !== 'ES256') throw new UsageError(`invalid --algorithm "${input.algorithm}": use RS256 or ES256`);
  let text: string;
  try {
    text = await readFile(input.publicKeyFile!, 'utf8');
  } catch (err) {
    throw new CommandFailedError(`cannot read ${input.publicKeyFile}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (!text.trim().startsWith('{')) return { kid: input.kid, algorithm: input.algorithm, pem: text };
  try {
    return { kid: input.kid, algorithm: input.algorithm, jwk: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new UsageError(`${input.publicKeyFile} looks like JSON but does not parse: expected a PEM public key or a JWK`);
  }
}

/** The same service as `POST /api/apps`: the client secret (if any) is shown once. */
export async function createApp(db: Db, cipher: CipherKeyring, input: CreateAppInput): Promise<AppWithSecret> {
  if ((input.kid || input.algorithm) && !input.publicKeyFile) throw new UsageError('--kid and --algorithm go with --public-key-file');
  const publicKeys = input.publicKeyFile ? [await readPublicKey(input)] : [];
  const org = await resolveOrg(db, input.org);
  return withCliErrors(registerApp(db, cipher, org.id, { name: input.name, clientSecret: input.clientSecret ?? true, publicKeys }));
}

export const createAppCommand = defineCommand({
  name: 'create-app',
  summary: 'register an app that signs identity assertions (JWT flow); prints its client secret once',
  usage: '--org <id|slug> --name <name> [--public-key-file <path> --kid <key id> --algorithm RS256|ES256] [--no-client-secret]',
  flags: {
    org: { type: 'string' },
    name: { type: 'string' },
    'public-key-file': { type: 'string' },
    kid: { type: 'string' },
    algorithm: { type: 'string' },
    'no-client-secret': { type: 'boolean' },
  },
  async run(db, flags, context) {
    const created = await createApp(db, context.cipher(), {
      org: requiredFlag(flags, 'org', '<id|slug>'),
      name: requiredFlag(flags, 'name'),
      publicKeyFile: stringFlag(flags, 'public-key-file'),
      kid: stringFlag(flags, 'kid'),
      algorithm: stringFlag(flags, 'algorithm'),
      clientSecret: !booleanFlag(flags, 'no-client-secret'),
    });
    const lines = [
      `registered app ${created.name} (id ${created.id})`,
      `client id: ${created.client_id}`,
      ...created.keys.map((k) => `key ${k.kid}  ${k.algorithm}  fingerprint ${k.fingerprint}`),
    ];
    if (created.client_secret) lines.push(`client secret (kid ${created.client_secret_kid}): ${created.client_secret}`, 'store it now: it is not shown again');
    return { json: { ...created }, lines };
  },
});
