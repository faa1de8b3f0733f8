import { createRepositories, type Db, type OrgId } from '@parley/db';
import { CommandFailedError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--bot` takes a bot id or its name within the organization (the oldest bot of that name). */
export async function resolveBot(db: Db, orgId: OrgId, ref: string): Promise<{ id: string; name: string }> {
  const bots = createRepositories(db).bots;
  const bot = UUID.test(ref) ? await bots.findById(orgId, ref.toLowerCase()) : await bots.findByName(orgId, ref.trim());
  if (!bot) throw new CommandFailedError(`bot "${ref}" not found in this organization`);
  return { id: bot.id, name: bot.name };
}
