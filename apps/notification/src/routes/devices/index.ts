import type { FastifyInstance } from 'fastify';
import { requireWidgetToken } from '@parley/auth';
import { DeviceView, errorResponses, notFound, RegisterDeviceBody, type RegisterDeviceBody as RegisterDeviceBodyT } from '@parley/contracts';
import { deviceOwnerFromWidget, registerDevice, unregisterDevice } from '@parley/push';

/** An app registers its token on every start; more than this per minute is a bug or abuse. */
const REGISTER_LIMIT = { max: 30, timeWindow: 60_000 };

/**
 * `/v1/push/devices`: an end user's app registers and unregisters its FCM or APNs token with the
 * widget token it already holds (`Authorization: Bearer`). The gateway's socket calls the same
 * `registerDevice` / `unregisterDevice`.
 */
export async function deviceRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireWidgetToken());
  const owner = async (request: import('fastify').FastifyRequest) => deviceOwnerFromWidget(app.db, (await request.loadWidget())!);

  app.post(
    '/',
    {
      config: { rateLimit: { ...REGISTER_LIMIT, keyGenerator: async (request) => `push-devices:${(await request.loadWidget())?.visitorId ?? request.ip}` } },
      schema: {
        tags: ['push'],
        operationId: 'registerPushDevice',
        summary: 'Register (or refresh) this app install’s push token; a token another end user held moves here',
        body: RegisterDeviceBody,
        response: { 200: DeviceView, 201: DeviceView, ...errorResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { device, outcome } = await registerDevice(app.db, await owner(request), request.body as RegisterDeviceBodyT);
      request.log.info({ deviceId: device.id, outcome }, 'push device registered');
      return reply.code(outcome === 'created' ? 201 : 200).send(device);
    },
  );

  // A POST with a body rather than DELETE /:token: FCM tokens are longer than a path segment may be.
  app.post(
    '/unregister',
    {
      schema: {
        tags: ['push'],
        operationId: 'unregisterPushDevice',
        summary: 'Stop pushes to this token (logout, notifications turned off); 404 if it is not this end user’s',
        body: RegisterDeviceBody,
        response: { 204: { type: 'null' }, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      if (!(await unregisterDevice(app.db, await owner(request), request.body as RegisterDeviceBodyT))) throw notFound('Device');
      return reply.code(204).send();
    },
  );
}
