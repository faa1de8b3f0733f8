import { AppError, ErrorCode, badRequest, type InitBody } from '@parley/contracts';
import { markVerifiedEndUser, type IdentityVerifier } from '@parley/auth';
import { widgetConversationRepository, type Db, type OrgId } from '@parley/db';
import { randomId128 } from '@parley/security';

export interface Visitor {
  endUserId: string;
  /** The end user's external id: the token's `sub` and the `visitor_id` we answer with. */
  externalId: string;
  verified: boolean;
}

/** 128 random bits: an anonymous visitor id must not be guessable, it is all that identifies them. */
const newVisitorId = () => `v_${randomId128()}`;

export const identityRequired = () =>
  new AppError(
    401,
    ErrorCode.UNAUTHENTICATED,
    'This visitor id belongs to a verified user: send an identity_assertion for them, or start without a visitor id',
  );

/**
 * The visitor id the widget remembered (session_id or visitor_id, which must agree: 400 if not),
 * or, with `mint`, a new one when it sent none.
 */
export function anonymousVisitorId(body: InitBody, opts: { mint: true }): string;
export function anonymousVisitorId(body: InitBody, opts?: { mint: false }): string | undefined;
export function anonymousVisitorId(body: InitBody, opts: { mint: boolean } = { mint: false }): string | undefined {
  if (body.session_id !== undefined && body.visitor_id !== undefined && body.session_id !== body.visitor_id) {
    throw badRequest('session_id and visitor_id name different visitors: send one of them', [
      { path: 'body/visitor_id', message: 'must equal session_id when both are sent' },
    ]);
  }
  const remembered = body.session_id ?? body.visitor_id;
  return remembered ?? (opts.mint ? newVisitorId() : undefined);
}

/**
 * Who is chatting. With an identity assertion: the integrator's user (`sub`), verified, on any
 * device. Without: the visitor id the widget remembered (session_id or visitor_id, which must
 * agree), or a new one. An anonymous request never speaks for a verified end user (401), and a
 * user's first verification never inherits what anonymous visitors wrote under their id: that
 * unverified end user is renamed aside first, so the verified one starts clean.
 */
export async function resolveVisitor(db: Db, verifier: IdentityVerifier, orgId: OrgId, body: InitBody): Promise<Visitor> {
  const widgets = widgetConversationRepository(db);
  if (body.identity_assertion !== undefined) {
    const identity = await verifier.verify(body.identity_assertion);
    if (identity.orgId !== orgId) {
      throw new AppError(401, ErrorCode.TOKEN_INVALID, 'Identity assertion rejected: it was issued for another organization than this widget’s');
    }
    await widgets.setAsideUnverified(orgId, identity.externalId);
    const name = identity.name ?? body.customer_name;
    const row = await markVerifiedEndUser(db, orgId, {
      externalId: identity.externalId,
      ...(name !== undefined ? { name } : {}),
      ...(identity.email !== undefined ? { email: identity.email } : {}),
    });
    return { endUserId: row.id, externalId: row.externalId, verified: true };
  }
  const externalId = anonymousVisitorId(body, { mint: true });
  const row = await widgets.claimAnonymousEndUser(orgId, externalId, body.customer_name);
  if (!row) throw identityRequired();
  return { endUserId: row.id, externalId: row.externalId, verified: false };
}
