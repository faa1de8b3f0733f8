import type { FastifyInstance } from 'fastify';
import { AppError, ApiKeyWhoami, ErrorBody, ErrorCode, IssueTokenBody, IssueTokenResponse } from '@parley/contracts';
import { bearerToken } from '@parley/auth';
import { signIdentityAssertion } from '@parley/identity-signer';
import { tokenPreview, type CipherKeyring } from '@parley/security';
import { clientOf, requireClient } from './client-auth';

/** Per registered app; counted only once the app has authenticated (see below). */
export const TOKEN_RATE_LIMIT = { max: 60, timeWindowMs: 60_000 } as const;

export interface TokenRouteOptions {
  cipher: CipherKeyring;
  /** IDENTITY_AUDIENCE: the `aud` of the assertions issued here. */
  audience: string;
}

/** `/v1/auth/*`: the hosted JWT generation service and the API-key "whoami". */
export async function tokenRoutes(app: FastifyInstance, opts: TokenRouteOptions) {
  // Keyed by the authenticated client id, after authentication: client ids are public (every
  // assertion's `iss`), so counting unauthenticated attempts against them would let anyone lock
  // an integrator out.
  const perClient = app.rateLimit({
    max: TOKEN_RATE_LIMIT.max,
    timeWindow: TOKEN_RATE_LIMIT.timeWindowMs,
    keyGenerator: (request) => `auth-token:${clientOf(request).clientId}`,
  });

  app.post(
    '/token',
    {
      onRequest: [requireClient(opts.cipher), perClient],
      schema: {
        tags: ['identity'],
        operationId: 'issueIdentityToken',
        body: IssueTokenBody,
        response: { 200: IssueTokenResponse, 400: ErrorBody, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => {
      const client = clientOf(request);
      const body = request.body as IssueTokenBody;
      const user = { userId: body.user_id, ...(body.name ? { name: body.name } : {}), ...(body.email ? { email: body.email } : {}) };
      try {
        // The same library an integrator's backend uses, so both produce identical assertions.
        const signed = await signIdentityAssertion(
          { clientId: client.clientId, kid: client.signing.kid, algorithm: 'HS256', clientSecret: client.signing.secret },
          user,
          { audience: opts.audience },
        );
        return { jwt: signed.jwt, expires_in: signed.expiresIn };
      } catch (err) {
        // The signer re-checks the user with Parley's own limits; its messages are safe to show.
        if (err instanceof TypeError) throw new AppError(400, ErrorCode.VALIDATION_FAILED, err.message);
        throw err;
      }
    },
  );

  app.get(
    '/key',
    {
      schema: { tags: ['api-keys'], operationId: 'getCurrentApiKey', response: { 200: ApiKeyWhoami, 401: ErrorBody } },
    },
    async (request) => {
      const key = await request.loadApiKey();
      if (!key) throw new AppError(401, ErrorCode.API_KEY_INVALID, 'A valid API key is required (Authorization: Bearer <key>)');
      // The caller sent the key, so its preview needs no lookup.
      const preview = tokenPreview(bearerToken(request)!);
      return { organization_id: key.orgId, scopes: key.scopes, key: { id: key.id, prefix: preview.prefix, last_four: preview.lastFour } };
    },
  );
}
