import { randomUUID } from 'node:crypto';
import {
  AppError,
  ErrorCode,
  notFound,
  type CreateWebhookBody,
  type UpdateWebhookBody,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from '@parley/contracts';
import { webhookEndpointRepository, webhookSecretAad, type Db, type OrgId } from '@parley/db';
import type { CipherKeyring } from '@parley/security';
import { generateWebhookSecret } from './signing';

type Listed = NonNullable<Awaited<ReturnType<ReturnType<typeof webhookEndpointRepository>['findById']>>>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toEndpointView(e: Listed): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: e.eventTypes,
    enabled: e.enabled,
    disabled_at: iso(e.disabledAt),
    disabled_reason: e.disabledReason,
    consecutive_failures: e.consecutiveFailures,
    previous_secret_expires_at: iso(e.previousSecretExpiresAt),
    created_at: e.createdAt.toISOString(),
  };
}

/**
 * An absolute http(s) URL without credentials (they would be logged and shown in listings).
 * Plain http is allowed, as most providers do: the signature, not TLS, authenticates Parley.
 */
export function checkWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new AppError(400, ErrorCode.INVALID_WEBHOOK_URL, 'url must be an absolute http(s) URL', [{ path: '/url', message: 'not a URL' }]);
  }
  const bad = (message: string) => new AppError(400, ErrorCode.INVALID_WEBHOOK_URL, `url ${message}`, [{ path: '/url', message }]);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('must use https (or http)');
  if (url.username || url.password) throw bad('must not carry credentials: the signature authenticates Parley');
  if (url.hash) throw bad('must not have a #fragment');
  return url.toString();
}

/** Secrets are new random `whsec_` values, sealed and bound to the endpoint id; shown once. */
export function webhookEndpoints(db: Db, cipher: CipherKeyring) {
  const repo = webhookEndpointRepository(db);
  const found = <T>(row: T | null): T => {
    if (!row) throw notFound('Webhook endpoint');
    return row;
  };

  return {
    async create(orgId: OrgId, body: CreateWebhookBody): Promise<WebhookEndpointWithSecret> {
      const id = randomUUID();
      const secret = generateWebhookSecret();
      const row = await repo.create(orgId, {
        id,
        url: checkWebhookUrl(body.url),
        description: body.description?.trim() ?? '',
        eventTypes: body.event_types,
        secretEnc: cipher.encrypt(secret, webhookSecretAad(id)),
      });
      return { ...toEndpointView(row), secret };
    },
    async list(orgId: OrgId): Promise<WebhookEndpointView[]> {
      return (await repo.list(orgId)).map(toEndpointView);
    },
    async get(orgId: OrgId, id: string): Promise<WebhookEndpointView> {
      return toEndpointView(found(await repo.findById(orgId, id)));
    },
    async update(orgId: OrgId, id: string, body: UpdateWebhookBody): Promise<WebhookEndpointView> {
      const row = await repo.update(orgId, id, {
        ...(body.url !== undefined ? { url: checkWebhookUrl(body.url) } : {}),
        ...(body.description !== undefined ? { description: body.description.trim() } : {}),
        ...(body.event_types !== undefined ? { eventTypes: body.event_types } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      });
      return toEndpointView(found(row));
    },
    async remove(orgId: OrgId, id: string): Promise<void> {
      if (!(await repo.remove(orgId, id))) throw notFound('Webhook endpoint');
    },
    /**
     * A new secret signs from now on; the old one keeps signing beside it for `graceS` seconds
     * (two signatures per delivery), so receivers can switch without missing a delivery.
     */
    async rotateSecret(orgId: OrgId, id: string, graceS = 24 * 3600): Promise<WebhookEndpointWithSecret> {
      const secret = generateWebhookSecret();
      const until = graceS > 0 ? new Date(Date.now() + graceS * 1000) : null;
      const row = await repo.rotateSecret(orgId, id, cipher.encrypt(secret, webhookSecretAad(id)), until);
      return { ...toEndpointView(found(row)), secret };
    },
  };
}
