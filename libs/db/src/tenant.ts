/**
 * An organization id that came from an authenticated source (a session, a widget token, an API
 * key). Repository functions take an `OrgId`, never a plain string, so a query that forgets the
 * tenant, or passes an unchecked id from a request body, does not type-check.
 */
declare const orgIdBrand: unique symbol;
export type OrgId = string & { readonly [orgIdBrand]: true };

/** Call only where the id was established by authentication or created by us. */
export const asOrgId = (id: string): OrgId => id as OrgId;
