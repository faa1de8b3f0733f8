import { Type, type Static } from 'typebox';
import { Env, LOCAL_DATABASE_URL, loadConfig } from '@parley/config';

export const AdminConfigSchema = Type.Object({
  DATABASE_URL: Env.url(['postgres', 'postgresql'], 'a postgresql:// URL', LOCAL_DATABASE_URL),
});
export type AdminConfig = Static<typeof AdminConfigSchema>;

export const loadAdminConfig = (env: Readonly<Record<string, string | undefined>>): AdminConfig =>
  loadConfig(AdminConfigSchema, env);
