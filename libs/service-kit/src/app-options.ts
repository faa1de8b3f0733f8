import type { BaseServiceConfig } from '@parley/config';

/** Options every `buildApp` accepts; services extend this with their own. */
export interface AppOptions {
  logLevel?: string;
  bodyLimitBytes?: number;
  /** Tests pass `false` to keep output quiet. */
  logger?: boolean;
}

/** The part of the validated config that maps onto `AppOptions`. */
export const appOptionsFromConfig = (config: BaseServiceConfig): AppOptions => ({
  logLevel: config.LOG_LEVEL,
  bodyLimitBytes: config.BODY_LIMIT_BYTES,
});
