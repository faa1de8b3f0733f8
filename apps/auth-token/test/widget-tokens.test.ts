import { randomBytes, randomUUID } from 'node:crypto';
import { useTestInfra } from '@parley/testing';
import { createWidgetTokenService } from '@parley/security';
import { buildApp } from '../src/app';

const infra = useTestInfra();

describe('the service app wires one widget token service from WIDGET_JWT_SECRETS', () => {
  it('signs with the configured keyring, so every service sharing it verifies the token', async () => {
    const keyring = `k1:${randomBytes(32).toString('base64url')}`;
    const app = await buildApp(infra.deps(), { logger: false, security: { widgetJwtSecrets: keyring } });
    try {
      const conversationId = randomUUID();
      const { token } = await app.widgetTokens.sign({ orgId: randomUUID(), botId: randomUUID(), conversationId, visitorId: 'v' });
      await expect(createWidgetTokenService(keyring).verify(token, { conversationId })).resolves.toMatchObject({ conversationId });
      await expect(createWidgetTokenService(`k1:${randomBytes(32).toString('base64url')}`).verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    } finally {
      await app.close();
    }
  });
});
