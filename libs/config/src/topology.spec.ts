import { DEFAULT_PORTS, ROUTES, SERVICE_NAMES, routeFor } from './topology';

describe('routeFor', () => {
  it.each([
    ['/auth/login', 'auth-token'],
    ['/v1/auth/token', 'auth-token'],
    ['/api/api-keys/123', 'auth-token'],
    ['/v1/widget/init', 'widget-gateway'],
    ['/v1/widget/messages/stream?x=1', 'widget-gateway'],
    ['/chat-widget', 'widget-gateway'],
    ['/chat-widget/embed.js', 'widget-gateway'],
    ['/socket.io/?EIO=4&transport=websocket', 'widget-gateway'],
    ['/v1/ws', 'widget-gateway'],
    ['/v1/push/devices', 'notification'],
    ['/api/webhooks', 'notification'],
    ['/api/push/channels/c1/credentials/fcm', 'notification'],
    ['/api/conversations/', 'conversation'],
    ['/', 'conversation'],
    ['/_status/notification/readyz', 'notification'],
  ])('%s goes to %s', (path, service) => {
    expect(routeFor(path).service).toBe(service);
  });

  it('matches whole path segments only, like a Kubernetes Prefix path', () => {
    expect(routeFor('/authors').service).toBe('conversation');
    expect(routeFor('/v1/widgets').service).toBe('conversation');
    expect(routeFor('/chat-widgetx').service).toBe('conversation');
  });

  it('has a distinct port per service and no duplicate prefixes', () => {
    expect(new Set(Object.values(DEFAULT_PORTS)).size).toBe(SERVICE_NAMES.length);
    expect(new Set(ROUTES.map((r) => r.prefix)).size).toBe(ROUTES.length);
  });
});
