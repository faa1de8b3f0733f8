import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePorts, isAlive, runStack, TEST_REDIS_URL, urlForDatabase, withAdminClient } from '@parley/testing';

jest.setTimeout(60_000);

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('npm start refuses clearly', () => {
  it('when Postgres cannot be reached: names it, says how to start it, exits 1', async () => {
    const [edgePort, demoPort] = (await freePorts(2)) as [number, number];
    const run = runStack({
      DATABASE_URL: 'postgresql://postgres:hunter2@127.0.0.1:1/parley',
      EDGE_PORT: String(edgePort),
      DEMO_PORT: String(demoPort),
    });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain('Cannot reach Postgres at postgresql://postgres:***@127.0.0.1:1/parley');
    expect(run.stderr()).toContain('pg_ctlcluster --skip-systemctl-redirect');
    expect(run.output()).not.toContain('hunter2');
    noStackTrace(run.output());
  });

  it('when Redis cannot be reached: names it, says how to start it, exits 1', async () => {
    const run = runStack({ REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr()).toContain('Cannot reach Redis at redis://127.0.0.1:1');
    expect(run.stderr()).toContain('redis-server --daemonize yes');
    noStackTrace(run.output());
  });

  it('when a setting is invalid: one line naming the variable', async () => {
    const run = runStack({ EDGE_PORT: 'eighty' });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^start: Invalid configuration: EDGE_PORT /)]);
  });

  it('when the edge port is taken: says which setting to change, before starting any service', async () => {
    const blocker = net.createServer();
    const [edgePort] = (await freePorts(1)) as [number];
    await new Promise<void>((resolve) => blocker.listen(edgePort, '127.0.0.1', resolve));
    try {
      const run = runStack({ EDGE_PORT: String(edgePort), DEMO_PORT: String((await freePorts(1))[0]) });
      expect(await run.exited).toEqual({ code: 1, signal: null });
      expect(run.stderr()).toContain(`port ${edgePort} (EDGE_PORT) is already in use`);
      expect(run.output()).not.toContain('started ');
    } finally {
      blocker.close();
    }
  });
});

describe('npm start gives up as a whole', () => {
  const database = `parley_stack_${randomBytes(4).toString('hex')}`;
  const stateDir = path.join(os.tmpdir(), `${database}-state`);
  afterAll(async () => {
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await rm(stateDir, { recursive: true, force: true });
  });

  it('when a service dies: reports which, stops the others, exits 1', async () => {
    const [edgePort, demoPort, a, b, c, d] = (await freePorts(6)) as [number, number, number, number, number, number];
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(c, '127.0.0.1', resolve));
    try {
      const run = runStack({
        DATABASE_URL: urlForDatabase(database),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `stack-${randomBytes(4).toString('hex')}`,
        EDGE_PORT: String(edgePort),
        DEMO_PORT: String(demoPort),
        AUTH_TOKEN_PORT: String(a),
        WIDGET_GATEWAY_PORT: String(b),
        CONVERSATION_PORT: String(c),
        NOTIFICATION_PORT: String(d),
        PARLEY_STATE_DIR: stateDir,
      });
      expect(await run.exited).toEqual({ code: 1, signal: null });
      expect(run.output()).toContain(`cannot listen on 127.0.0.1:${c}`);
      expect(run.stderr()).toContain('conversation exited unexpectedly (code 1)');
      const pids = [...run.output().matchAll(/started \S+ \(pid (\d+)\)/g)].map((m) => Number(m[1]));
      expect(pids).toHaveLength(4);
      expect(pids.filter(isAlive)).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
