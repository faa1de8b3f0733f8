import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addRevokeRoute } from '../revoke-route';
import {
  AppKeyParams,
  AppKeyView,
  AppList,
  AppView,
  AppWithSecret,
  CreateAppBody,
  ErrorBody,
  IdParams,
  PublicKeyInput,
} from '@parley/contracts';
import { requireAgent } from '@parley/auth';
import {
  addAppKey,
  createApp,
  getApp,
  listApps,
  retireAppKey,
  revokeApp,
  rotateClientSecret,
} from '@parley/credentials';
import type { CipherKeyring } from '@parley/security';

const errors = { 401: ErrorBody, 403: ErrorBody };
const TAGS = ['apps'];
/** The admin guard ran in onRequest, so the agent is there. */
const orgOf = async (request: FastifyRequest) => (await request.loadAgent())!.orgId;

/**
 * `/api/apps`: integrators' backends that sign identity assertions (the JWT flow), and their
 * keys: HS256 client secrets issued here, RS256/ES256 public keys uploaded. Admins only.
 */
export async function appRoutes(app: FastifyInstance, opts: { cipher: CipherKeyring }) {
  // onRequest, before the body is even parsed: without an admin session nothing else is answered.
  app.addHook('onRequest', requireAgent('admin'));

  app.post(
    '/',
    {
      schema: {
        tags: TAGS,
        operationId: 'createApp',
        body: CreateAppBody,
        response: { 201: AppWithSecret, 400: ErrorBody, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const agent = (await request.loadAgent())!;
      const body = request.body as CreateAppBody;
      const created = await createApp(app.db, opts.cipher, agent.orgId, {
        name: body.name,
        ...(body.client_secret !== undefined ? { clientSecret: body.client_secret } : {}),
        publicKeys: body.public_keys ?? [],
        createdById: agent.userId,
      });
      return reply.code(201).send(created);
    },
  );

  app.get('/', { schema: { tags: TAGS, operationId: 'listApps', response: { 200: AppList, ...errors } } }, async (request) => ({
    apps: await listApps(app.db, await orgOf(request)),
  }));

  app.get(
    '/:id',
    { schema: { tags: TAGS, operationId: 'getApp', params: IdParams, response: { 200: AppView, 400: ErrorBody, 404: ErrorBody, ...errors } } },
    async (request) => getApp(app.db, await orgOf(request), (request.params as IdParams).id),
  );

  addRevokeRoute(app, { tags: TAGS, operationId: 'revokeApp', revoke: revokeApp });

  app.post(
    '/:id/keys',
    {
      schema: {
        tags: TAGS,
        operationId: 'addAppKey',
        params: IdParams,
        body: PublicKeyInput,
        response: { 201: AppKeyView, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const key = await addAppKey(app.db, await orgOf(request), (request.params as IdParams).id, request.body as PublicKeyInput);
      return reply.code(201).send(key);
    },
  );

  app.delete(
    '/:id/keys/:kid',
    {
      schema: {
        tags: TAGS,
        operationId: 'retireAppKey',
        params: AppKeyParams,
        response: { 204: { type: 'null' }, 400: ErrorBody, 404: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const { id, kid } = request.params as { id: string; kid: string };
      await retireAppKey(app.db, await orgOf(request), id, kid);
      return reply.code(204).send();
    },
  );

  app.post(
    '/:id/secret',
    {
      schema: {
        tags: TAGS,
        operationId: 'rotateAppSecret',
        params: IdParams,
        response: { 201: AppWithSecret, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const rotated = await rotateClientSecret(app.db, opts.cipher, await orgOf(request), (request.params as IdParams).id);
      return reply.code(201).send(rotated);
    },
  );
}
