import path from 'node:path';
import { Type, type Static } from 'typebox';
import {
  DEFAULT_PORTS,
  DEMO_SITE_PORT,
  EDGE_PORT,
  Env,
  LOCAL_DATABASE_URL,
  LOCAL_REDIS_URL,
  SERVICE_NAMES,
  loadConfig,
  ConfigError,
  type ServiceName,
} from '@parley/config';

const fixedPort = (description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description }));

/** The variables `npm start` reads. Services get theirs from it, not from the shell. */
export const StackConfigSchema = Type.Object({
  DATABASE_URL: Env.url(['postgres', 'postgresql'], 'a postgresql:// URL', LOCAL_DATABASE_URL),
  REDIS_URL: Env.url(['redis', 'rediss'], 'a redis:// URL', LOCAL_REDIS_URL),
  REDIS_PREFIX: Type.String({ default: 'parley', pattern: '^[a-zA-Z0-9_.-]+$', description: 'letters, digits, _ . -' }),
  EDGE_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: EDGE_PORT, description: 'TCP port 1-65535' }),
  DEMO_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: DEMO_SITE_PORT, description: 'TCP port 1-65535' }),
  /** Moves all four services at once: base+1 .. base+4 (the defaults are base 3000). */
  PARLEY_PORT_BASE: Type.Optional(Type.Integer({ minimum: 1, maximum: 65530, description: 'integer 1-65530' })),
  AUTH_TOKEN_PORT: fixedPort('TCP port of auth-token'),
  WIDGET_GATEWAY_PORT: fixedPort('TCP port of widget-gateway'),
  CONVERSATION_PORT: fixedPort('TCP port of conversation'),
  NOTIFICATION_PORT: fixedPort('TCP port of notification'),
  LOG_LEVEL: Env.enumOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  /** Where demo.json goes; relative paths are taken from the repository root. */
  PARLEY_STATE_DIR: Type.String({ default: '.parley', minLength: 1, description: 'a directory path' }),
  READY_TIMEOUT_MS: Env.int(120_000, 1000, 600_000),
});
type RawStackConfig = Static<typeof StackConfigSchema>;

export interface StackConfig {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  logLevel: RawStackConfig['LOG_LEVEL'];
  edgePort: number;
  demoPort: number;
  servicePorts: Readonly<Record<ServiceName, number>>;
  stateDir: string;
  readyTimeoutMs: number;
}

const PORT_VARIABLE: Record<ServiceName, keyof RawStackConfig> = {
  'auth-token': 'AUTH_TOKEN_PORT',
  'widget-gateway': 'WIDGET_GATEWAY_PORT',
  conversation: 'CONVERSATION_PORT',
  notification: 'NOTIFICATION_PORT',
};

function servicePorts(raw: RawStackConfig): Record<ServiceName, number> {
  const ports = {} as Record<ServiceName, number>;
  SERVICE_NAMES.forEach((service, index) => {
    const explicit = raw[PORT_VARIABLE[service]] as number | undefined;
    ports[service] = explicit ?? (raw.PARLEY_PORT_BASE === undefined ? DEFAULT_PORTS[service] : raw.PARLEY_PORT_BASE + index + 1);
  });
  return ports;
}

/** Pure: validates `env` and resolves ports and paths; throws ConfigError naming the variable. */
export function loadStackConfig(env: Readonly<Record<string, string | undefined>>, repoRoot: string): StackConfig {
  const raw = loadConfig(StackConfigSchema, env);
  const ports = servicePorts(raw);
  const taken = new Map<number, string>([
    [raw.EDGE_PORT, 'EDGE_PORT'],
    [raw.DEMO_PORT, 'DEMO_PORT'],
  ]);
  if (taken.size < 2) throw new ConfigError('DEMO_PORT', 'Invalid configuration: DEMO_PORT must differ from EDGE_PORT');
  for (const service of SERVICE_NAMES) {
    const clash = taken.get(ports[service]);
    if (clash) throw new ConfigError(PORT_VARIABLE[service], `Invalid configuration: port ${ports[service]} of ${service} is already used by ${clash}`);
    taken.set(ports[service], `${service}`);
  }
  return {
    databaseUrl: raw.DATABASE_URL,
    redisUrl: raw.REDIS_URL,
    redisPrefix: raw.REDIS_PREFIX,
    logLevel: raw.LOG_LEVEL,
    edgePort: raw.EDGE_PORT,
    demoPort: raw.DEMO_PORT,
    servicePorts: ports,
    stateDir: path.resolve(repoRoot, raw.PARLEY_STATE_DIR),
    readyTimeoutMs: raw.READY_TIMEOUT_MS,
  };
}
