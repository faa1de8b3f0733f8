import { Type, type Static } from 'typebox';

export const LivenessBody = Type.Object({ status: Type.Literal('ok'), service: Type.String() });
export type LivenessBody = Static<typeof LivenessBody>;

export const DependencyState = Type.Object({
  ok: Type.Boolean(),
  latencyMs: Type.Number(),
  error: Type.Optional(Type.String()),
});

export const ReadinessBody = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  service: Type.String(),
  /** Names of the dependencies that failed their check, e.g. ["postgres"]. */
  failing: Type.Array(Type.String()),
  checks: Type.Record(Type.String(), DependencyState),
});
export type ReadinessBody = Static<typeof ReadinessBody>;
