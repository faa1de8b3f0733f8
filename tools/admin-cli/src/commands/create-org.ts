import { createRepositories, isUniqueViolation, type Db } from '@parley/db';
import { defineCommand, requiredFlag, stringFlag } from '../command';
import { CommandFailedError, UsageError } from '../errors';
import { parseSlug, requireText, slugify } from '../validation';

export interface CreateOrgInput {
  name: string;
  /** Derived from the name when omitted. */
  slug?: string;
}

export interface OrgSummary {
  id: string;
  name: string;
  slug: string;
}

export async function createOrg(db: Db, input: CreateOrgInput): Promise<OrgSummary> {
  const name = requireText(input.name, 'name');
  const slug = parseSlug(input.slug?.trim().toLowerCase() || slugify(name));
  if (!slug) throw new UsageError(`cannot derive a slug from "${name}": pass --slug`);
  try {
    const org = await createRepositories(db).organizations.create({ name, slug });
    return { id: org.id, name: org.name, slug: org.slug };
  } catch (err) {
    if (isUniqueViolation(err)) throw new CommandFailedError(`an organization with slug "${slug}" already exists`);
    throw err;
  }
}

export const createOrgCommand = defineCommand({
  name: 'create-org',
  summary: 'create an organization (a tenant)',
  usage: '--name <name> [--slug <slug>]',
  flags: { name: { type: 'string' }, slug: { type: 'string' } },
  async run(db, flags) {
    const org = await createOrg(db, { name: requiredFlag(flags, 'name'), slug: stringFlag(flags, 'slug') });
    return { json: { ...org }, lines: [`created organization ${org.name} (slug ${org.slug}, id ${org.id})`] };
  },
});
