import type { Db } from '../prisma-client';
import type { OrgId } from '../tenant';

/**
 * Associated data of an endpoint's signing secret. The current and the rotated-out secret share
 * it, so a rotation moves the current ciphertext into `previous_secret_enc` without re-sealing.
 */
export const webhookSecretAad = (endpointId: string): string => `webhook_endpoints:${endpointId}:secret`;

const listed = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledAt: true,
  disabledReason: true,
  consecutiveFailures: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} as const;

export interface NewWebhookEndpoint {
  /** Chosen by the caller: the secret is sealed with the id as associated data. */
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  secretEnc: string;
}

export function webhookEndpointRepository(db: Db) {
  const findListed = (orgId: OrgId, id: string) => db.webhookEndpoint.findFirst({ where: { id, organizationId: orgId }, select: listed });

  return {
    create(orgId: OrgId, input: NewWebhookEndpoint) {
      return db.webhookEndpoint.create({ data: { ...input, organizationId: orgId }, select: listed });
    },
    list(orgId: OrgId) {
      return db.webhookEndpoint.findMany({ where: { organizationId: orgId }, select: listed, orderBy: { createdAt: 'asc' } });
    },
    findById: findListed,
    /** Enabling again clears the disabled state and the failure count. Null if not this organization's. */
    async update(orgId: OrgId, id: string, data: { url?: string; description?: string; eventTypes?: string[]; enabled?: boolean }) {
      const reset = data.enabled === true ? { disabledAt: null, disabledReason: null, consecutiveFailures: 0 } : {};
      const disabled = data.enabled === false ? { disabledAt: new Date(), disabledReason: 'disabled by an admin' } : {};
      const { count } = await db.webhookEndpoint.updateMany({ where: { id, organizationId: orgId }, data: { ...data, ...reset, ...disabled } });
      return count ? findListed(orgId, id) : null;
    },
    async rotateSecret(orgId: OrgId, id: string, secretEnc: string, keepPreviousUntil: Date | null) {
      const current = await db.webhookEndpoint.findFirst({ where: { id, organizationId: orgId }, select: { secretEnc: true } });
      if (!current) return null;
      await db.webhookEndpoint.updateMany({
        where: { id, organizationId: orgId },
        data: keepPreviousUntil
          ? { secretEnc, previousSecretEnc: current.secretEnc, previousSecretExpiresAt: keepPreviousUntil }
          : { secretEnc, previousSecretEnc: null, previousSecretExpiresAt: null },
      });
      return findListed(orgId, id);
    },
    async remove(orgId: OrgId, id: string): Promise<boolean> {
      const { count } = await db.webhookEndpoint.deleteMany({ where: { id, organizationId: orgId } });
      return count > 0;
    },
    /** Enabled endpoints of the organization that subscribe to this event type. */
    subscribedTo(orgId: OrgId, eventType: string) {
      return db.webhookEndpoint.findMany({ where: { organizationId: orgId, enabled: true, eventTypes: { has: eventType } }, select: { id: true } });
    },
    /** What a delivery attempt signs with (secrets still sealed). */
    forSigning(orgId: OrgId, id: string) {
      return db.webhookEndpoint.findFirst({
        where: { id, organizationId: orgId },
        select: { id: true, url: true, enabled: true, secretEnc: true, previousSecretEnc: true, previousSecretExpiresAt: true },
      });
    },
    async recordSuccess(orgId: OrgId, id: string): Promise<void> {
      await db.webhookEndpoint.updateMany({ where: { id, organizationId: orgId, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
    },
    /** Returns the failures in a row now (0 if the endpoint is gone). */
    async recordFailure(orgId: OrgId, id: string): Promise<number> {
      const rows = await db.$queryRaw<{ consecutive_failures: number }[]>`
        UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, updated_at = now()
         WHERE id = ${id}::uuid AND organization_id = ${orgId}::uuid RETURNING consecutive_failures`;
      return rows[0]?.consecutive_failures ?? 0;
    },
    async disable(orgId: OrgId, id: string, reason: string): Promise<boolean> {
      const { count } = await db.webhookEndpoint.updateMany({
        where: { id, organizationId: orgId, enabled: true },
        data: { enabled: false, disabledAt: new Date(), disabledReason: reason.slice(0, 500) },
      });
      return count > 0;
    },
  };
}
