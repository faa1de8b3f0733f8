import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { asOrgId, createRepositories, type Db, type OrgId } from '@parley/db';
import { createApp, createEmbedToken } from '@parley/credentials';
import { signIdentityAssertion } from '@parley/identity-signer';
import { createCipherKeyring } from '@parley/security';
import { DEFAULT_SECURITY } from '@parley/service-kit';

export const SITE = 'https://shop.example.com';

export interface SeededWidget {
  orgId: OrgId;
  botId: string;
  channelId: string;
  embedToken: string;
}

/** An organization with a bot and one embed token for `allowedOrigins` (empty = any origin). */
export async function seedWidget(
  db: Db,
  label: string,
  opts: { allowedOrigins?: string[]; botOrigins?: string[]; bot?: Record<string, unknown> } = {},
): Promise<SeededWidget> {
  const repos = createRepositories(db);
  const org = await repos.organizations.create({ name: `Org ${label}`, slug: `org-${label}-${randomBytes(3).toString('hex')}` });
  const orgId = asOrgId(org.id);
  const bot = await repos.bots.create(orgId, { name: `Bot ${label}`, greeting: 'Hi there!', allowedOrigins: opts.botOrigins ?? [] });
  if (opts.bot) await db.bot.update({ where: { id: bot.id }, data: opts.bot });
  const { token, view } = await createEmbedToken(db, orgId, {
    botId: bot.id,
    name: `Site ${label}`,
    allowedOrigins: opts.allowedOrigins ?? [SITE],
  });
  return { orgId, botId: bot.id, channelId: view.channel_id, embedToken: token };
}

export function init(app: FastifyInstance, payload: object, headers: Record<string, string> = { origin: SITE }, remoteAddress?: string) {
  return app.inject({ method: 'POST', url: '/v1/widget/init', headers, payload, ...(remoteAddress ? { remoteAddress } : {}) });
}

export interface Initialised {
  conversation_id: string;
  visitor_id: string;
  verified: boolean;
  token: string;
  messages: { id: string; seq: number; content: string }[];
}

export async function initOk(app: FastifyInstance, payload: object, headers?: Record<string, string>): Promise<Initialised> {
  const res = await init(app, payload, headers);
  if (res.statusCode !== 200) throw new Error(`init failed: ${res.statusCode} ${res.body}`);
  return res.json() as Initialised;
}

export const bearer = (token: string, origin: string | null = SITE) => ({
  authorization: `Bearer ${token}`,
  ...(origin ? { origin } : {}),
});

/** A registered app of the organization and a signer of its identity assertions. */
export async function registeredApp(db: Db, orgId: OrgId) {
  const created = await createApp(db, createCipherKeyring(DEFAULT_SECURITY.encryptionKeys), orgId, { name: 'Shop backend' });
  return {
    assertion: async (user: { userId: string; name?: string; email?: string }) =>
      (
        await signIdentityAssertion(
          { clientId: created.client_id, kid: created.client_secret_kid!, algorithm: 'HS256', clientSecret: created.client_secret! },
          user,
          { audience: DEFAULT_SECURITY.identityAudience },
        )
      ).jwt,
  };
}

export function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect({ status: res.statusCode, code: (res.json() as { code?: string }).code }).toEqual({ status, code });
}
