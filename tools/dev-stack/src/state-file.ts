import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoSeed } from '@parley/admin-cli';

/** `.parley/demo.json`: the seed plus where to open things. Later issues add what they create. */
export interface DemoState extends DemoSeed {
  edge_url: string;
  demo_url: string;
}

export const DEMO_STATE_FILE = 'demo.json';

/**
 * Written owner-only (it holds passwords and, later, secrets) and atomically, so a reader never
 * sees half a file.
 */
export async function writeDemoState(stateDir: string, state: DemoState): Promise<string> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, DEMO_STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return file;
}
