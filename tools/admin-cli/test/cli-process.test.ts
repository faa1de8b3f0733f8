import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { useTestInfra } from '@parley/testing';

const infra = useTestInfra();
const REPO_ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/** The CLI exactly as `npm run admin` starts it (minus npm), against this file's database. */
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=@parley/source', '--import', 'tsx', 'tools/admin-cli/src/main.ts', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: infra.databaseUrl, ...env }, timeout: 30_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the admin CLI process', () => {
  it('creates an organization and prints one JSON object', async () => {
    const { code, stdout, stderr } = await cli(['create-org', '--name', 'Process Co', '--json']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const org = JSON.parse(stdout) as { id: string; slug: string };
    expect(org).toEqual({ id: expect.any(String), name: 'Process Co', slug: 'process-co' });
    expect(await infra.db.organization.findUnique({ where: { id: org.id } })).not.toBeNull();
  });

  it('answers a usage error with one line on stderr and exit code 2', async () => {
    const { code, stdout, stderr } = await cli(['create-user', '--org', 'x', '--frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: Unknown option '--frobnicate'/)]);
  });

  it('answers a failure with one line on stderr and exit code 1', async () => {
    const { code, stderr } = await cli(['list-users', '--org', 'no-such-org']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: organization "no-such-org" not found\n');
  });
});
