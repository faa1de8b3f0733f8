import { Type, type Static, type TObject } from 'typebox';
import { Value } from 'typebox/value';

/** Raised for the first bad variable; `main.ts` prints `message` as one line and exits 1. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface CrossFieldRule<T = Readonly<Record<string, unknown>>> {
  /** The variable named in the error when the rule fails. */
  variable: string;
  check: (config: T, env: Readonly<Record<string, string | undefined>>) => string | undefined;
}

function describe(schema: TObject, key: string): string {
  const prop = (schema.properties as Record<string, { description?: string }>)[key];
  return prop?.description ? ` (${prop.description})` : '';
}

/**
 * Validates the environment once, against one schema per service. Pure: it reads only `env`,
 * so tests pass plain objects and nothing else in the code base touches `process.env`.
 * Empty strings count as unset, so `FOO=` falls back to the default instead of failing oddly.
 */
export function loadConfig<S extends TObject>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
  rules: readonly CrossFieldRule[] = [],
): Static<S> {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const raw = env[key];
    if (raw !== undefined && raw.trim() !== '') input[key] = raw.trim();
  }
  const withDefaults = Value.Default(schema, input);
  const converted = Value.Convert(schema, withDefaults);
  const first = Value.Errors(schema, converted)[0];
  if (first) {
    const key = first.instancePath.split('/')[1] || String((first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '');
    const raw = env[key];
    const got = raw === undefined || raw.trim() === '' ? 'it is missing' : `got ${JSON.stringify(raw)}`;
    throw new ConfigError(key, `Invalid configuration: ${key} ${first.message}${describe(schema, key)}; ${got}`);
  }
  const config = converted as Static<S>;
  for (const rule of rules) {
    const problem = rule.check(config as Readonly<Record<string, unknown>>, env);
    if (problem) throw new ConfigError(rule.variable, `Invalid configuration: ${rule.variable} ${problem}`);
  }
  return Object.freeze(config) as Static<S>;
}

/** Reusable field builders so every service describes the same variable the same way. */
export const Env = {
  port: (fallback: number) =>
    Type.Integer({ minimum: 0, maximum: 65535, default: fallback, description: 'TCP port 0-65535, 0 = any free port' }),
  url: (schemes: string[], description: string, fallback?: string) =>
    Type.String({
      pattern: `^(${schemes.join('|')})://[^\\s]+$`,
      description,
      ...(fallback === undefined ? {} : { default: fallback }),
    }),
  enumOf: <T extends string>(values: readonly T[], fallback: T) =>
    Type.Union(values.map((v) => Type.Literal(v)), { default: fallback, description: `one of ${values.join(', ')}` }),
  bool: (fallback: boolean) => Type.Boolean({ default: fallback, description: 'true or false' }),
  int: (fallback: number, minimum: number, maximum: number) =>
    Type.Integer({ default: fallback, minimum, maximum, description: `integer ${minimum}-${maximum}` }),
};
