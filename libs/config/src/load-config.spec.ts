import { Type } from 'typebox';
import { ConfigError, Env, loadConfig } from './load-config';
import { loadServiceConfig, LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from './service-config';

describe('loadConfig', () => {
  const schema = Type.Object({
    PORT: Env.port(3000),
    DATABASE_URL: Env.url(['postgresql'], 'a postgresql:// URL'),
    VERBOSE: Env.bool(false),
  });

  it('applies defaults and converts strings to numbers and booleans', () => {
    const config = loadConfig(schema, { DATABASE_URL: 'postgresql://h/db', VERBOSE: 'true' });
    expect(config).toEqual({ PORT: 3000, DATABASE_URL: 'postgresql://h/db', VERBOSE: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names a missing required variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(ConfigError);
    try {
      loadConfig(schema, {});
    } catch (err) {
      expect((err as ConfigError).variable).toBe('DATABASE_URL');
      expect((err as ConfigError).message).toMatch(/^Invalid configuration: DATABASE_URL .*it is missing$/);
      expect((err as ConfigError).message).not.toContain('\n');
    }
  });

  it('names a malformed variable and shows what it got', () => {
    expect(() => loadConfig(schema, { DATABASE_URL: 'postgresql://h/db', PORT: 'eighty' })).toThrow(
      /PORT .*TCP port.*got "eighty"/,
    );
    expect(() => loadConfig(schema, { DATABASE_URL: 'mysql://h/db' })).toThrow(/DATABASE_URL/);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(schema, { DATABASE_URL: 'postgresql://h/db', PORT: '  ' }).PORT).toBe(3000);
  });
});

describe('loadServiceConfig', () => {
  it('defaults to the local Postgres and Redis in development', () => {
    const config = loadServiceConfig('conversation', {});
    expect(config.DATABASE_URL).toBe(LOCAL_DATABASE_URL);
    expect(config.REDIS_URL).toBe(LOCAL_REDIS_URL);
    expect(config.PORT).toBe(3003);
  });

  it('requires explicit database and Redis URLs in production', () => {
    expect(() => loadServiceConfig('auth-token', { NODE_ENV: 'production', REDIS_URL: 'redis://r:6379' })).toThrow(
      'Invalid configuration: DATABASE_URL must be set when NODE_ENV=production',
    );
    expect(() =>
      loadServiceConfig('auth-token', { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/parley' }),
    ).toThrow(/REDIS_URL must be set/);
  });

  it('gives the notification service Google’s and Apple’s endpoints unless told otherwise', () => {
    expect(loadServiceConfig('notification', {})).toMatchObject({
      FCM_BASE_URL: 'https://fcm.googleapis.com',
      FCM_TOKEN_URL: 'https://oauth2.googleapis.com/token',
      APNS_PRODUCTION_HOST: 'api.push.apple.com',
      APNS_SANDBOX_HOST: 'api.sandbox.push.apple.com',
      APNS_PORT: 443,
      WORKERS_ENABLED: true,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: false,
    });
    const proxied = loadServiceConfig('notification', { FCM_BASE_URL: 'https://egress.internal:8443', APNS_PORT: '2197' });
    expect(proxied).toMatchObject({ FCM_BASE_URL: 'https://egress.internal:8443', APNS_PORT: 2197 });
    expect(() => loadServiceConfig('notification', { FCM_TOKEN_URL: 'oauth2.googleapis.com/token' })).toThrow(/FCM_TOKEN_URL/);
    expect(() => loadServiceConfig('notification', { APNS_SANDBOX_HOST: 'https://api.sandbox.push.apple.com' })).toThrow(/APNS_SANDBOX_HOST/);
  });

  it('rejects an unknown log level and a bad Redis prefix', () => {
    expect(() => loadServiceConfig('notification', { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadServiceConfig('notification', { REDIS_PREFIX: 'has space' })).toThrow(/REDIS_PREFIX/);
  });
});
