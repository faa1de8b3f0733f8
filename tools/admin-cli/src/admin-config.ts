import { Type, type Static } from 'typebox';
import { DEV_ENCRYPTION_KEYS, Env, LOCAL_DATABASE_URL, loadConfig, type CrossFieldRule } from '@parley/config';

export const AdminConfigSchema = Type.Object({
  NODE_ENV: Env.enumOf(['development', 'test', 'production'] as const, 'development'),
  DATABASE_URL: Env.url(['postgres', 'postgresql'], 'a postgresql:// URL', LOCAL_DATABASE_URL),
  /**
   * The services' ENCRYPTION_KEYS: `create-app` encrypts the client secret with them, and the
   * services must be able to decrypt it.
   */
  ENCRYPTION_KEYS: Type.String({
    pattern: '^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_=+/-]{43,}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_=+/-]{43,})*$',
    default: DEV_ENCRYPTION_KEYS,
    description: 'kid:key list, the same value the services use',
  }),
});
export type AdminConfig = Static<typeof AdminConfigSchema>;

/** In production a secret sealed with the public development key would be no secret at all. */
const RULES: CrossFieldRule[] = [
  {
    variable: 'ENCRYPTION_KEYS',
    check: (config, env) =>
      config.NODE_ENV === 'production' && (!env.ENCRYPTION_KEYS?.trim() || String(config.ENCRYPTION_KEYS).includes(DEV_ENCRYPTION_KEYS))
        ? 'must be set to the services’ keys (not the development key) when NODE_ENV=production'
        : undefined,
  },
];

export const loadAdminConfig = (env: Readonly<Record<string, string | undefined>>): AdminConfig =>
  loadConfig(AdminConfigSchema, env, RULES);
