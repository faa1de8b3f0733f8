import type { ServiceName } from '@parley/config';
import { ErrorCode, type ErrorBody } from '@parley/contracts';

export interface Upstream {
  host: string;
  port: number;
}

/**
 * The 502 body, in the services' error shape. `UPSTREAM_UNAVAILABLE` is the edge's own code (the
 * services never send it), so a client can tell "service down" from an error the service raised.
 */
export function upstreamUnavailableBody(service: ServiceName, upstream: Upstream, err: Error, requestId: string): ErrorBody {
  const reason = (err as NodeJS.ErrnoException).code ?? err.message;
  return {
    statusCode: 502,
    code: ErrorCode.UPSTREAM_UNAVAILABLE,
    message: `${service} is not answering at ${upstream.host}:${upstream.port} (${reason})`,
    requestId,
  };
}
