import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Every file under dir, relative and sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * Two builds are the same when they list the same files and the same index.html: every other
 * file name carries a hash of its content.
 */
async function sameBuild(a: string, b: string): Promise<boolean> {
  try {
    const [filesA, filesB, htmlA, htmlB] = await Promise.all([listFiles(a), listFiles(b), readFile(path.join(a, 'index.html'), 'utf8'), readFile(path.join(b, 'index.html'), 'utf8')]);
    return htmlA === htmlB && filesA.join('\n') === filesB.join('\n');
  } catch {
    return false;
  }
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/**
 * Moves a finished build from `staged` to `target`. Several processes may build at once (test
 * files each start a platform), so: an identical build already in place is kept untouched (a
 * server reading it sees no change at all); otherwise the old directory is renamed aside and the
 * new one renamed in, two renames with no half-written state visible. A concurrent publisher
 * that wins the second rename is fine: its build is as new as ours.
 */
export async function publishDir(staged: string, target: string): Promise<void> {
  if (await sameBuild(staged, target)) {
    await rm(staged, { recursive: true, force: true });
    return;
  }
  const aside = `${target}.old-${randomBytes(4).toString('hex')}`;
  try {
    await rename(target, aside);
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
  }
  try {
    await rename(staged, target);
  } catch (err) {
    if (code(err) !== 'ENOTEMPTY' && code(err) !== 'EEXIST') throw err;
    await rm(staged, { recursive: true, force: true });
  }
  await rm(aside, { recursive: true, force: true });
}
