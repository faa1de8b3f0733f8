import type { FcmCredentialBody } from '@parley/contracts';
import { fingerprint } from '@parley/security';
import { invalidCredential, keyFingerprint, pkcs8Pem, readPrivateKey } from './credential-errors';

/** The parts of a Google service-account JSON that FCM HTTP v1 needs. */
export interface FcmServiceAccount {
  projectId: string;
  clientEmail: string;
  /** PKCS#8 PEM of the RSA key that signs the OAuth2 assertion. */
  privateKey: string;
  privateKeyId: string | null;
}

/** What is sealed in `push_credentials.secret_enc` for FCM. */
export interface FcmSecret {
  platform: 'fcm';
  serviceAccount: FcmServiceAccount | null;
  /** The reference's legacy fields: kept for the record, never used (Google shut that API down in 2024). */
  legacy: { serverKey: string; senderId: string | null } | null;
}

export interface ValidatedCredential<S> {
  secret: S;
  fingerprint: string;
  metadata: Record<string, string>;
  deprecated: boolean;
}

// Google project ids: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter.
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SENDER_ID = /^[0-9]{6,20}$/;
const MIN_RSA_BITS = 2048;

function parseServiceAccount(input: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof input !== 'string') return input;
  try {
    const parsed: unknown = JSON.parse(input);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Reported below with the field name.
  }
  throw invalidCredential('service_account', 'is not a JSON object (paste the whole downloaded file)');
}

function field(json: Record<string, unknown>, name: string, pattern?: RegExp): string {
  const value = json[name];
  if (typeof value !== 'string' || !value.trim()) throw invalidCredential(`service_account.${name}`, 'is missing');
  if (pattern && !pattern.test(value.trim())) throw invalidCredential(`service_account.${name}`, 'has the wrong format');
  return value.trim();
}

function validateServiceAccount(input: string | Record<string, unknown>): { account: FcmServiceAccount; fingerprint: string } {
  const json = parseServiceAccount(input);
  if (json.type !== 'service_account') throw invalidCredential('service_account.type', 'must be "service_account" (a Firebase service-account key file)');
  const key = readPrivateKey(field(json, 'private_key'), 'service_account.private_key');
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) throw invalidCredential('service_account.private_key', `must be an RSA key of at least ${MIN_RSA_BITS} bits`);
  const keyId = typeof json.private_key_id === 'string' && /^[A-Za-z0-9]{1,64}$/.test(json.private_key_id) ? json.private_key_id : null;
  return {
    account: { projectId: field(json, 'project_id', PROJECT_ID), clientEmail: field(json, 'client_email', EMAIL), privateKey: pkcs8Pem(key), privateKeyId: keyId },
    fingerprint: keyFingerprint(key),
  };
}

/**
 * Checks an FCM credential as the console and the CLI receive it. A service account is what
 * sends; a legacy server key alone is accepted for the reference's form but marked deprecated.
 */
export function validateFcmCredential(body: FcmCredentialBody): ValidatedCredential<FcmSecret> {
  if (body.service_account === undefined && body.server_key === undefined) {
    throw invalidCredential('service_account', 'is required (or, deprecated, server_key and sender_id)');
  }
  if (body.sender_id !== undefined && !SENDER_ID.test(body.sender_id.trim())) throw invalidCredential('sender_id', 'must be the numeric Sender ID');
  if (body.server_key !== undefined && !/^\S{20,}$/.test(body.server_key.trim())) throw invalidCredential('server_key', 'is not a server key');
  const sa = body.service_account === undefined ? null : validateServiceAccount(body.service_account);
  const legacy = body.server_key === undefined ? null : { serverKey: body.server_key.trim(), senderId: body.sender_id?.trim() ?? null };
  const metadata: Record<string, string> = {};
  if (sa) Object.assign(metadata, { project_id: sa.account.projectId, client_email: sa.account.clientEmail });
  if (body.sender_id !== undefined) metadata.sender_id = body.sender_id.trim();
  if (legacy) metadata.legacy_server_key = 'stored, not used: the legacy FCM API was shut down in 2024';
  return {
    secret: { platform: 'fcm', serviceAccount: sa?.account ?? null, legacy },
    fingerprint: sa?.fingerprint ?? fingerprint(legacy!.serverKey),
    metadata,
    deprecated: sa === null,
  };
}
