import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../prisma-client';
import { asOrgId, type OrgId } from '../tenant';

export type SigningAlgorithm = 'HS256' | 'RS256' | 'ES256';

/** `id` is chosen by the caller: an HS256 secret is encrypted with the row id as associated data. */
export interface NewSigningKey {
  id: string;
  kid: string;
  algorithm: SigningAlgorithm;
  secretEnc?: string;
  secretHash?: string;
  publicKeyPem?: string;
  publicKeyJwk?: Prisma.InputJsonValue;
}

/**
 * The associated data an HS256 secret is sealed with: a ciphertext copied onto another row (or
 * another column) no longer decrypts, so a database write cannot swap one app's secret for another's.
 */
export const signingKeySecretAad = (keyId: string): string => `app_signing_keys:${keyId}:secret_enc`;

/** For listings: no `secretEnc`. `secretHash` only feeds the fingerprint and is never sent out. */
const listedKey = {
  id: true,
  kid: true,
  algorithm: true,
  secretHash: true,
  publicKeyPem: true,
  publicKeyJwk: true,
  revokedAt: true,
  createdAt: true,
} as const;

const listedApp = {
  id: true,
  name: true,
  clientId: true,
  revokedAt: true,
  createdAt: true,
  signingKeys: { select: listedKey, orderBy: { createdAt: 'asc' } },
} as const;

export function registeredAppRepository(db: Db) {
  return {
    create(orgId: OrgId, input: { name: string; clientId: string; createdById?: string; keys: NewSigningKey[] }) {
      const { keys, ...app } = input;
      // One statement: an app never exists without the credentials it was created with.
      return db.registeredApp.create({
        data: {
          ...app,
          organizationId: orgId,
          signingKeys: { create: keys.map((k) => ({ ...k, organizationId: orgId })) },
        },
        select: listedApp,
      });
    },
    list(orgId: OrgId) {
      return db.registeredApp.findMany({ where: { organizationId: orgId }, select: listedApp, orderBy: { createdAt: 'desc' } });
    },
    findById(orgId: OrgId, id: string) {
      return db.registeredApp.findFirst({ where: { id, organizationId: orgId }, select: listedApp });
    },
    /** Revoking twice is harmless; another organization's app is simply not found. */
    async revoke(orgId: OrgId, id: string): Promise<boolean> {
      const { count } = await db.registeredApp.updateMany({
        where: { id, organizationId: orgId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count) return true;
      return (await db.registeredApp.count({ where: { id, organizationId: orgId } })) > 0;
    },
    /** Revokes this organization's live apps with this name (the demo seed replacing its own app). */
    async revokeByName(orgId: OrgId, name: string): Promise<number> {
      const { count } = await db.registeredApp.updateMany({
        where: { organizationId: orgId, name, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return count;
    },
    /** The caller has checked that the app belongs to `orgId`; a duplicate kid fails on the unique index. */
    addKey(orgId: OrgId, appId: string, key: NewSigningKey) {
      return db.appSigningKey.create({ data: { ...key, appId, organizationId: orgId }, select: listedKey });
    },
    /** Retiring a kid twice is harmless; false when the app has no such kid in this organization. */
    async retireKey(orgId: OrgId, appId: string, kid: string): Promise<boolean> {
      const where = { appId, kid, organizationId: orgId };
      const { count } = await db.appSigningKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count) return true;
      return (await db.appSigningKey.count({ where })) > 0;
    },
    /**
     * Authentication itself (an assertion's `iss`, HTTP Basic's user name): the client id
     * establishes the organization. Revoked apps are not found; revoked keys are left out.
     * Newest key first, so the first HS256 key is the current client secret.
     */
    async findActiveByClientId(clientId: string) {
      const app = await db.registeredApp.findUnique({
        where: { clientId },
        include: { signingKeys: { where: { revokedAt: null }, orderBy: { createdAt: 'desc' } } },
      });
      if (!app || app.revokedAt) return null;
      return { id: app.id, orgId: asOrgId(app.organizationId), name: app.name, clientId: app.clientId, keys: app.signingKeys };
    },
  };
}

export type ListedApp = NonNullable<Awaited<ReturnType<ReturnType<typeof registeredAppRepository>['findById']>>>;
export type ListedSigningKey = ListedApp['signingKeys'][number];
export type ActiveApp = NonNullable<Awaited<ReturnType<ReturnType<typeof registeredAppRepository>['findActiveByClientId']>>>;
