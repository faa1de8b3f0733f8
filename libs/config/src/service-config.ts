import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { DEFAULT_PORTS, type ServiceName } from './topology';
import { Env, loadConfig, type CrossFieldRule } from './load-config';

export const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/parley';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Development-only keyrings: public, so anything signed or encrypted with them is not secret.
 * Production refuses them (see BASE_RULES).
 */
export const DEV_WIDGET_JWT_SECRETS = 'dev1:HoMCYKDv0L6lD9ovZnS0Mj_yYCi3E9EAe21kBKp7AVI';
export const DEV_ENCRYPTION_KEYS = 'dev1:b7B6fMxxOwzOqCGakOEcMYZZ_4lzcOAfQrQ4IgtXuZk';

/** `kid:base64url-secret[,kid:secret...]`: the first entry signs or encrypts, every entry verifies or decrypts. */
const keyring = (description: string, fallback: string) =>
  Type.String({
    pattern: '^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_=+/-]{43,}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_=+/-]{43,})*$',
    default: fallback,
    description,
  });

/** Variables every service reads. Database and Redis default to the local servers in development. */
function baseProperties(service: ServiceName) {
  return {
    NODE_ENV: Env.enumOf(['development', 'test', 'production'] as const, 'development'),
    HOST: Type.String({ default: '127.0.0.1', minLength: 1, description: 'interface to listen on' }),
    PORT: Env.port(DEFAULT_PORTS[service]),
    DATABASE_URL: Env.url(['postgres', 'postgresql'], 'a postgresql:// URL', LOCAL_DATABASE_URL),
    REDIS_URL: Env.url(['redis', 'rediss'], 'a redis:// URL', LOCAL_REDIS_URL),
    /** Namespace for every Redis key, channel and queue: lets tests and tenants of one Redis coexist. */
    REDIS_PREFIX: Type.String({ default: 'parley', pattern: '^[a-zA-Z0-9_.-]+$', description: 'letters, digits, _ . -' }),
    LOG_LEVEL: Env.enumOf(LOG_LEVELS, 'info'),
    SHUTDOWN_TIMEOUT_MS: Env.int(8000, 100, 120000),
    BODY_LIMIT_BYTES: Env.int(64 * 1024, 1024, 10 * 1024 * 1024),
    /** Widget tokens (HS256): every service verifies them, the gateway signs them. */
    WIDGET_JWT_SECRETS: keyring('kid:secret list, secrets of at least 256 bits, first one signs', DEV_WIDGET_JWT_SECRETS),
    /** AES-256-GCM keys for secrets stored encrypted (client secrets, push credentials, webhook secrets). */
    ENCRYPTION_KEYS: keyring('kid:key list, 256-bit keys in base64url, first one encrypts', DEV_ENCRYPTION_KEYS),
    /** Marks the session cookie Secure and refuses plain-HTTP logins (the reference's requireHTTPS). */
    REQUIRE_HTTPS: Env.bool(false),
    SESSION_TTL_S: Env.int(8 * 3600, 300, 30 * 24 * 3600),
    /** Proxies whose X-Forwarded-For is believed (addresses, CIDRs, or `loopback`); empty trusts none. */
    TRUSTED_PROXIES: Type.String({ default: 'loopback', pattern: '^[A-Za-z0-9.:/, ]*$', description: 'comma-separated addresses or CIDRs' }),
    /** The `aud` integrators put in identity assertions. */
    IDENTITY_AUDIENCE: Type.String({ default: 'parley-widget-api', minLength: 1, description: 'the audience of identity assertions' }),
  };
}

/** In production nothing silently points at a developer's local servers. */
const productionNeedsExplicit = (variable: string): CrossFieldRule => ({
  variable,
  check: (config, env) =>
    config.NODE_ENV === 'production' && !env[variable]?.trim() ? 'must be set when NODE_ENV=production' : undefined,
});

/** The public development keys must never protect real data. */
const notTheDevKey = (variable: string, devValue: string): CrossFieldRule => ({
  variable,
  check: (config) =>
    config.NODE_ENV === 'production' && String(config[variable]).split(',').some((k) => devValue.split(',').includes(k))
      ? 'must not use the public development key when NODE_ENV=production'
      : undefined,
});

export const BASE_RULES = [
  productionNeedsExplicit('DATABASE_URL'),
  productionNeedsExplicit('REDIS_URL'),
  productionNeedsExplicit('WIDGET_JWT_SECRETS'),
  productionNeedsExplicit('ENCRYPTION_KEYS'),
  notTheDevKey('WIDGET_JWT_SECRETS', DEV_WIDGET_JWT_SECRETS),
  notTheDevKey('ENCRYPTION_KEYS', DEV_ENCRYPTION_KEYS),
];

function serviceSchema<P extends TProperties>(service: ServiceName, extra: P) {
  return Type.Object({ ...baseProperties(service), ...extra });
}

export const ServiceConfigSchemas = {
  'auth-token': serviceSchema('auth-token', {}),
  'widget-gateway': serviceSchema('widget-gateway', {
    /**
     * Where the inbox runs (scheme://host[:port], comma-separated): the only page origins whose
     * Socket.IO and WebSocket connections may sign in with an agent's session cookie.
     */
    CONSOLE_ORIGINS: Type.String({
      default: 'http://localhost:8080,http://127.0.0.1:8080',
      pattern: '^(https?://[^\\s,/]+)(,https?://[^\\s,/]+)*$',
      description: 'comma-separated origins, e.g. https://inbox.example.com',
    }),
  }),
  conversation: serviceSchema('conversation', {
    /** Run the BullMQ workers (the bot) in this process; `false` makes an API-only replica. */
    WORKERS_ENABLED: Env.bool(true),
    /** Bot replies generated at once per process; each mostly waits on the AI provider. */
    BOT_WORKER_CONCURRENCY: Env.int(20, 1, 500),
    /** Default wait for an AI provider's response headers; a bot's settings may override it. */
    BOT_PROVIDER_TIMEOUT_MS: Env.int(10_000, 100, 120_000),
    /** Default silence allowed between two chunks of a provider's stream. */
    BOT_PROVIDER_IDLE_TIMEOUT_MS: Env.int(15_000, 100, 300_000),
  }),
  notification: serviceSchema('notification', {
    /** Run the push and webhook workers (and the webhook fan-out) in this process. */
    WORKERS_ENABLED: Env.bool(true),
    /** Push jobs handled at once per process; each mostly waits on FCM or APNs. */
    PUSH_WORKER_CONCURRENCY: Env.int(100, 1, 1000),
    /** Webhook deliveries at once per process; each mostly waits on a receiver. */
    WEBHOOK_WORKER_CONCURRENCY: Env.int(20, 1, 500),
    /** A receiver that has not answered by then counts as a failed attempt. */
    WEBHOOK_TIMEOUT_MS: Env.int(10_000, 100, 60_000),
    /**
     * Let webhook URLs reach loopback, private and link-local addresses. Off by default: an admin
     * could otherwise aim deliveries at the cloud metadata service or internal hosts (SSRF).
     */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: Env.bool(false),
    /** FCM HTTP v1 API root and OAuth2 token endpoint: change them for an egress proxy or tests. */
    FCM_BASE_URL: Env.url(['https', 'http'], 'an https:// URL', 'https://fcm.googleapis.com'),
    FCM_TOKEN_URL: Env.url(['https', 'http'], 'an https:// URL', 'https://oauth2.googleapis.com/token'),
    /** APNs hosts per credential environment, and their port (Apple also serves 2197). */
    APNS_PRODUCTION_HOST: Type.String({ default: 'api.push.apple.com', pattern: '^[A-Za-z0-9.-]+$', description: 'a host name' }),
    APNS_SANDBOX_HOST: Type.String({ default: 'api.sandbox.push.apple.com', pattern: '^[A-Za-z0-9.-]+$', description: 'a host name' }),
    APNS_PORT: Env.port(443),
    /** One FCM, OAuth or APNs request; past it the attempt is retried later. */
    PUSH_REQUEST_TIMEOUT_MS: Env.int(10_000, 100, 60_000),
    /**
     * BullMQ's job lock: a worker that dies mid-job (killed, out of memory) loses it after this
     * long, and another worker's stalled-job check puts the job back to be retried.
     */
    WORKER_LOCK_DURATION_MS: Env.int(30_000, 1000, 600_000),
    WORKER_STALLED_INTERVAL_MS: Env.int(30_000, 1000, 600_000),
  }),
} satisfies Record<ServiceName, TObject>;

export type ServiceConfig<N extends ServiceName> = Static<(typeof ServiceConfigSchemas)[N]>;
/** What every service's config has, whatever its own extra variables. */
export type BaseServiceConfig = Static<TObject<ReturnType<typeof baseProperties>>>;

export function loadServiceConfig<N extends ServiceName>(
  service: N,
  env: Readonly<Record<string, string | undefined>>,
): ServiceConfig<N> {
  const schema = ServiceConfigSchemas[service] as TObject;
  return loadConfig(schema, env, BASE_RULES) as ServiceConfig<N>;
}
