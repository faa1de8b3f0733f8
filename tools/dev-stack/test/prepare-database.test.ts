import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropDatabase } from '@parley/db-migrate';
import { urlForDatabase } from '@parley/testing';
import { prepareDatabase } from '../src/prepare-database';
import { writeDemoState } from '../src/state-file';

describe('prepareDatabase', () => {
  const databaseUrl = urlForDatabase(`parley_prep_${randomBytes(4).toString('hex')}`);
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'parley-state-'));
  });
  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  });

  it('creates, migrates and seeds, then keeps the once-shown demo credentials on the next start', async () => {
    const opts = { databaseUrl, allowedOrigin: 'http://localhost:8090', stateDir, log: () => undefined };
    const first = await prepareDatabase(opts);
    expect(first.embed_token).toMatch(/^ew_/);
    expect(first.api_key).toMatch(/^pk_live_/);
    expect(first.app?.client_secret).toMatch(/^cs_/);
    await writeDemoState(stateDir, { ...first, edge_url: 'http://localhost:8080', demo_url: 'http://localhost:8090' });

    const second = await prepareDatabase(opts);
    expect(second.org_id).toBe(first.org_id);
    expect(second.embed_token).toBe(first.embed_token);
    expect(second.api_key).toBe(first.api_key);
    expect(second.app).toEqual(first.app);
  });
});
