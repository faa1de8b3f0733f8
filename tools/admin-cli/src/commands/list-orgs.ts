import { organizationRepository, type Db } from '@parley/db';
import { defineCommand } from '../command';
import type { OrgSummary } from './create-org';

/** Every organization, oldest first. Platform-wide on purpose: this is the operator's view. */
export async function listOrgs(db: Db): Promise<OrgSummary[]> {
  return organizationRepository(db).list();
}

export const listOrgsCommand = defineCommand({
  name: 'list-orgs',
  summary: 'list organizations',
  usage: '',
  flags: {},
  async run(db) {
    const organizations = await listOrgs(db);
    const lines = organizations.map((o) => `${o.id}  ${o.slug}  ${o.name}`);
    return { json: { organizations }, lines: lines.length ? lines : ['no organizations'] };
  },
});
