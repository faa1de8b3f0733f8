import type { BaseServiceConfig } from '@parley/config';
import { DEV_ENCRYPTION_KEYS, DEV_WIDGET_JWT_SECRETS } from '@parley/config';

/** Secrets and identity settings every service needs to check who is calling. */
export interface SecurityOptions {
  sessionTtlSeconds: number;
  requireHttps: boolean;
  widgetJwtSecrets: string;
  encryptionKeys: string;
  identityAudience: string;
}

/** Options every `buildApp` accepts; services extend this with their own. */
export interface AppOptions {
  logLevel?: string;
  bodyLimitBytes?: number;
  /** Tests pass `false` to keep output quiet. */
  logger?: boolean;
  /** Fastify `trustProxy`: addresses/CIDRs whose X-Forwarded-* headers are believed. */
  trustedProxies?: string;
  security?: Partial<SecurityOptions>;
}

/** Development values; `loadServiceConfig` refuses the development keys in production. */
export const DEFAULT_SECURITY: SecurityOptions = {
  sessionTtlSeconds: 8 * 3600,
  requireHttps: false,
  widgetJwtSecrets: DEV_WIDGET_JWT_SECRETS,
  encryptionKeys: DEV_ENCRYPTION_KEYS,
  identityAudience: 'parley-widget-api',
};

/** The part of the validated config that maps onto `AppOptions`. */
export const appOptionsFromConfig = (config: BaseServiceConfig): AppOptions => ({
  logLevel: config.LOG_LEVEL,
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
  trustedProxies: config.TRUSTED_PROXIES,
  security: {
    sessionTtlSeconds: config.SESSION_TTL_S,
    requireHttps: config.REQUIRE_HTTPS,
    widgetJwtSecrets: config.WIDGET_JWT_SECRETS,
    encryptionKeys: config.ENCRYPTION_KEYS,
    identityAudience: config.IDENTITY_AUDIENCE,
  },
});
