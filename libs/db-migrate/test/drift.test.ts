// THE drift test: fails while prisma/schema.prisma and prisma/migrations disagree.
// Fix it with `npm run db:migration -- <name>` (and commit the new migration folder).
import { diffMigrationsToSchema, ensureDatabase } from '../src/index';
import { cleanup, scratchDatabaseUrl, schemaWithExtraModel, tempDir } from './scratch';

const databaseUrl = scratchDatabaseUrl('drift');
const dirs: string[] = [];
beforeAll(() => ensureDatabase(databaseUrl));
afterAll(() => cleanup([databaseUrl], dirs));

describe('schema.prisma vs prisma/migrations', () => {
  it('has no drift: the migrations produce exactly schema.prisma', async () => {
    expect(await diffMigrationsToSchema({ databaseUrl })).toBe('');
  });

  it('reports the SQL a schema change without migration would need', async () => {
    const dir = tempDir('drift');
    dirs.push(dir);
    const sql = await diffMigrationsToSchema({ databaseUrl, schemaPath: schemaWithExtraModel(dir) });
    expect(sql).toContain('CREATE TABLE "drift_probes"');
  });
});
