// Default locations of the schema and migrations: the repository's `prisma/` folder. The repo
// root is found by walking up to `nx.json`, so this works from `src/` (tsx, jest) and `dist/`.
import fs from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return (cachedRoot = dir);
    if (path.dirname(dir) === dir) throw new Error(`No nx.json above ${__dirname}: cannot locate the repository root`);
  }
}

export const defaultMigrationsDir = (): string => path.join(repoRoot(), 'prisma', 'migrations');
export const defaultSchemaPath = (): string => path.join(repoRoot(), 'prisma', 'schema.prisma');
