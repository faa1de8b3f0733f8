import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { statusPrefix, type ServiceName } from '@parley/config';

const DESCRIPTIONS: Record<ServiceName, string> = {
  'auth-token': 'Logins and sessions, CSRF, embed tokens, API keys, registered apps and the JWT flow.',
  'widget-gateway': 'The public widget API: /v1/widget/* over HTTP and Server-Sent Events, and widget history.',
  conversation: 'Conversations, messages and assignment: the agent REST API, console and integration APIs.',
  notification: 'Push devices and webhooks.',
};

/**
 * The OpenAPI document comes from the route schemas themselves (body, params, responses, tags,
 * operationId), so it cannot drift from what is validated. Routes without tags (probes, metrics)
 * stay out of it. The UI is at `/docs`; the JSON also under `/_status/<service>/openapi.json` so it
 * can be fetched through the edge.
 */
export const openApiPlugin = fp<{ service: ServiceName; version?: string }>(
  async (app, opts) => {
    await app.register(swagger, {
      hideUntagged: true,
      openapi: {
        openapi: '3.1.0',
        info: { title: `Parley ${opts.service}`, version: opts.version ?? '0.1.0', description: DESCRIPTIONS[opts.service] },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'session', description: 'Agent session from POST /auth/login' },
            csrf: { type: 'apiKey', in: 'header', name: 'X-CSRFToken', description: 'Required with the session on state-changing requests' },
            widgetToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Widget token from POST /v1/widget/init' },
            apiKey: { type: 'http', scheme: 'bearer', description: 'A pk_live_ API key' },
            clientCredentials: { type: 'http', scheme: 'basic', description: 'client_id:client_secret of a registered app' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get(`${statusPrefix(opts.service)}/openapi.json`, { logLevel: 'warn' }, async () => app.swagger());
  },
  { name: 'parley-openapi', fastify: '5.x' },
);
