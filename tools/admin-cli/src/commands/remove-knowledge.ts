import { createRepositories, type Db } from '@parley/db';
import { defineCommand, requiredFlag } from '../command';
import { CommandFailedError } from '../errors';
import { resolveOrg } from '../org-ref';
import { parseId } from '../validation';

export async function removeKnowledge(db: Db, input: { org: string; id: string }): Promise<{ id: string; removed: true }> {
  const id = parseId(input.id);
  const org = await resolveOrg(db, input.org);
  if (!(await createRepositories(db).knowledge.remove(org.id, id))) throw new CommandFailedError('Knowledge article not found');
  return { id, removed: true };
}

export const removeKnowledgeCommand = defineCommand({
  name: 'remove-knowledge',
  summary: 'delete a knowledge article (the bot stops using it from the next reply on)',
  usage: '--org <id|slug> --id <article id>',
  flags: { org: { type: 'string' }, id: { type: 'string' } },
  async run(db, flags) {
    const result = await removeKnowledge(db, { org: requiredFlag(flags, 'org', '<id|slug>'), id: requiredFlag(flags, 'id') });
    return { json: { ...result }, lines: [`removed knowledge article ${result.id}`] };
  },
});
