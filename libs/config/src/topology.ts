/**
 * Where each service listens and which public path prefixes reach it. This table is the single
 * source of truth for routing: the dev edge (tools/dev-stack) routes by it, and a test checks that
 * the Kubernetes Ingress and docker-compose in infra/ say exactly the same.
 *
 * Matching follows Kubernetes `pathType: Prefix`: a prefix matches whole path segments
 * (`/auth` matches `/auth` and `/auth/login`, never `/authors`), and the longest prefix wins.
 */
export const SERVICE_NAMES = ['auth-token', 'widget-gateway', 'conversation', 'notification'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  'auth-token': 3001,
  'widget-gateway': 3002,
  conversation: 3003,
  notification: 3004,
};

export const EDGE_PORT = 8080;
export const DEMO_SITE_PORT = 8090;

export interface RouteRule {
  readonly prefix: string;
  readonly service: ServiceName;
}

/** Per-service health through the edge: `/_status/<service>/readyz`. */
export const statusPrefix = (service: ServiceName): string => `/_status/${service}`;

export const ROUTES: readonly RouteRule[] = [
  // Identity: login, sessions, CSRF, the hosted JWT service, and its console resources.
  { prefix: '/auth', service: 'auth-token' },
  { prefix: '/v1/auth', service: 'auth-token' },
  { prefix: '/api/embed-tokens', service: 'auth-token' },
  { prefix: '/api/api-keys', service: 'auth-token' },
  { prefix: '/api/apps', service: 'auth-token' },
  // The public edge for widgets and apps.
  { prefix: '/v1/widget', service: 'widget-gateway' },
  { prefix: '/v1/ws', service: 'widget-gateway' },
  { prefix: '/chat-widget', service: 'widget-gateway' },
  { prefix: '/socket.io', service: 'widget-gateway' },
  // Pushes and webhooks: device registration (apps), push credentials and webhooks (console).
  { prefix: '/v1/push', service: 'notification' },
  { prefix: '/api/push', service: 'notification' },
  { prefix: '/api/webhooks', service: 'notification' },
  // Everything else: the agent REST API, console APIs, integration API and the inbox SPA.
  { prefix: '/', service: 'conversation' },
  ...SERVICE_NAMES.map((service) => ({ prefix: statusPrefix(service), service })),
];

function prefixMatches(prefix: string, path: string): boolean {
  if (prefix === '/') return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The service a request path goes to, by the longest matching prefix. */
export function routeFor(pathWithQuery: string, routes: readonly RouteRule[] = ROUTES): RouteRule {
  const path = pathWithQuery.split('?', 1)[0] ?? '/';
  let best: RouteRule | undefined;
  for (const rule of routes) {
    if (prefixMatches(rule.prefix, path) && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  }
  // '/' is always present, so a match always exists; the fallback only satisfies the compiler.
  return best ?? { prefix: '/', service: 'conversation' };
}

/**
 * V8 flags every service process starts with: the production image's CMD, the dev stack and the
 * benchmarks' service processes all use these (a test checks the Dockerfile against this list).
 *
 * `--max-semi-space-size=32` (MiB; Node 20's default is 16): a gateway node at 1,000 messages a
 * second allocates 30-40 MB a second, nearly all of it short-lived, and each young-generation
 * collection pauses the node for 3-20 ms. A young generation twice as large is collected half as
 * often. In the latency benchmark's paired runs (docs/benchmarks.md, issue 5, fourth pass) the
 * gateways used less CPU and the p99 was lower with it; idle memory per connection did not change.
 *
 * `--initial-old-space-size=512` (MiB): under load a node still promotes 1-4 MB a second of
 * objects that die soon after, and with V8's default starting limit old space fills within
 * seconds and a full collection stops the node every 15-30 s. Starting the old generation's limit
 * at 512 MiB makes those collections about five times rarer, and each one costs the same (its
 * work follows the ~90 MB that is really live, not the garbage). The price is memory: a busy node
 * may hold about 0.5 GiB of heap before it collects, so give each container at least 1 GiB. An
 * idle node's heap is shrunk by V8's memory reducer as before.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--initial-old-space-size=512'];
