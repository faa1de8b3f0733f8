import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { DEFAULT_PORTS, type ServiceName } from './topology';
import { Env, loadConfig, type CrossFieldRule } from './load-config';

export const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/parley';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
  };
}

/** In production nothing silently points at a developer's local servers. */
const productionNeedsExplicit = (variable: string): CrossFieldRule => ({
  variable,
  check: (config, env) =>
    config.NODE_ENV === 'production' && !env[variable]?.trim() ? 'must be set when NODE_ENV=production' : undefined,
});

export const BASE_RULES = [productionNeedsExplicit('DATABASE_URL'), productionNeedsExplicit('REDIS_URL')];

function serviceSchema<P extends TProperties>(service: ServiceName, extra: P) {
  return Type.Object({ ...baseProperties(service), ...extra });
}

export const ServiceConfigSchemas = {
  'auth-token': serviceSchema('auth-token', {}),
  'widget-gateway': serviceSchema('widget-gateway', {}),
  conversation: serviceSchema('conversation', {}),
  notification: serviceSchema('notification', {}),
} satisfies Record<ServiceName, TObject>;

export type ServiceConfig<N extends ServiceName> = Static<(typeof ServiceConfigSchemas)[N]>;
export type BaseServiceConfig = ServiceConfig<'conversation'>;

export function loadServiceConfig<N extends ServiceName>(
  service: N,
  env: Readonly<Record<string, string | undefined>>,
): ServiceConfig<N> {
  const schema = ServiceConfigSchemas[service] as TObject;
  return loadConfig(schema, env, BASE_RULES) as ServiceConfig<N>;
}
