import { organizationRepository, type Db, type OrgId } from '@parley/db';
import { CommandFailedError, UsageError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OrgRef {
  id: OrgId;
  name: string;
  slug: string;
}

/**
 * `--org` takes an id or a slug. The admin CLI is the operator's tool, above every tenant, so
 * this is one of the few places an organization id is established without a login.
 */
export async function resolveOrg(db: Db, idOrSlug: string | undefined): Promise<OrgRef> {
  const ref = idOrSlug?.trim();
  if (!ref) throw new UsageError('--org is required (an organization id or slug)');
  const where = UUID.test(ref) ? { id: ref.toLowerCase() } : { slug: ref.toLowerCase() };
  const org = await organizationRepository(db).findByIdOrSlug(where);
  if (!org) throw new CommandFailedError(`organization "${ref}" not found`);
  return org;
}
