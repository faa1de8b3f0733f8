import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireAgent } from '@parley/auth';
import { listDeadLetters, retryDeadLetter } from '@parley/bus';
import {
  ApnsCredentialBody,
  ChannelParams,
  ChannelPlatformParams,
  DeadLetterList,
  errorResponses,
  FcmCredentialBody,
  JobIdParams,
  notFound,
  PushCredentialList,
  PushCredentialView,
  Queues,
  type ApnsCredentialBody as ApnsBody,
  type FcmCredentialBody as FcmBody,
  type PushPlatform,
} from '@parley/contracts';
import type { CipherKeyring } from '@parley/security';
import { pushCredentials } from '@parley/push';
import { toDeadLetterView } from '../dead-letter-view';

const tags = ['push'];
type ChannelP = { channelId: string };

/**
 * `/api/push`: a mobile channel's FCM and APNs credentials (admins), and the push queue's
 * dead letters. Credentials are validated before they are stored, stored encrypted, and never
 * returned: listings show identifiers and a fingerprint only.
 */
export async function pushCredentialRoutes(app: FastifyInstance, opts: { cipher: CipherKeyring }) {
  app.addHook('onRequest', requireAgent('admin'));
  const orgOf = async (request: FastifyRequest) => (await request.loadAgent())!.orgId;

  app.get(
    '/channels/:channelId/credentials',
    { schema: { tags, operationId: 'listPushCredentials', params: ChannelParams, response: { 200: PushCredentialList, ...errorResponses(401, 403, 404, 409) } } },
    async (request) => ({ credentials: await pushCredentials.list(app.db, await orgOf(request), (request.params as ChannelP).channelId) }),
  );

  app.put(
    '/channels/:channelId/credentials/fcm',
    {
      schema: {
        tags,
        operationId: 'saveFcmCredential',
        summary: 'Save the FCM service account (HTTP v1); a legacy server key alone is stored as deprecated and never sends',
        params: ChannelParams,
        body: FcmCredentialBody,
        response: { 200: PushCredentialView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => pushCredentials.saveFcm(app.db, opts.cipher, await orgOf(request), (request.params as ChannelP).channelId, request.body as FcmBody),
  );

  app.put(
    '/channels/:channelId/credentials/apns',
    {
      schema: {
        tags,
        operationId: 'saveApnsCredential',
        summary: 'Save APNs token authentication: Team ID, Bundle ID, Key ID, the .p8 key and the environment',
        params: ChannelParams,
        body: ApnsCredentialBody,
        response: { 200: PushCredentialView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => pushCredentials.saveApns(app.db, opts.cipher, await orgOf(request), (request.params as ChannelP).channelId, request.body as ApnsBody),
  );

  app.delete(
    '/channels/:channelId/credentials/:platform',
    { schema: { tags, operationId: 'deletePushCredential', params: ChannelPlatformParams, response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404, 409) } } },
    async (request, reply) => {
      const { channelId, platform } = request.params as ChannelP & { platform: PushPlatform };
      await pushCredentials.remove(app.db, await orgOf(request), channelId, platform);
      return reply.code(204).send();
    },
  );

  app.get(
    '/dead-letters',
    { schema: { tags, operationId: 'listPushDeadLetters', response: { 200: DeadLetterList, ...errorResponses(401, 403) } } },
    async (request) => ({ dead_letters: (await listDeadLetters(app.queues.get(Queues.pushNotifications).queue, await orgOf(request), 100)).map(toDeadLetterView) }),
  );

  app.post(
    '/dead-letters/:jobId/retry',
    { schema: { tags, operationId: 'retryPushDeadLetter', params: JobIdParams, response: { 202: { type: 'null' }, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      const queue = app.queues.get(Queues.pushNotifications).queue;
      if (!(await retryDeadLetter(queue, await orgOf(request), (request.params as { jobId: string }).jobId))) throw notFound('Dead letter');
      return reply.code(202).send();
    },
  );
}
