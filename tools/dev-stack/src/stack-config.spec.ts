import { ConfigError, DEFAULT_PORTS } from '@parley/config';
import { loadStackConfig } from './stack-config';

describe('loadStackConfig', () => {
  it('defaults to the local servers and the documented ports', () => {
    const config = loadStackConfig({}, '/repo');
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/parley',
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'parley',
      edgePort: 8080,
      demoPort: 8090,
      servicePorts: DEFAULT_PORTS,
      stateDir: '/repo/.parley',
    });
  });

  it('moves every service with PARLEY_PORT_BASE, and one with its own variable', () => {
    const config = loadStackConfig({ PARLEY_PORT_BASE: '4000', CONVERSATION_PORT: '4999', PARLEY_STATE_DIR: '/tmp/x' }, '/repo');
    expect(config.servicePorts).toEqual({ 'auth-token': 4001, 'widget-gateway': 4002, conversation: 4999, notification: 4004 });
    expect(config.stateDir).toBe('/tmp/x');
  });

  it('names the variable of a bad value or a port used twice', () => {
    expect(() => loadStackConfig({ EDGE_PORT: '70000' }, '/repo')).toThrow(/EDGE_PORT/);
    expect(() => loadStackConfig({ NOTIFICATION_PORT: '8080' }, '/repo')).toThrow(
      new ConfigError('NOTIFICATION_PORT', 'Invalid configuration: port 8080 of notification is already used by EDGE_PORT'),
    );
    expect(() => loadStackConfig({ DEMO_PORT: '8080' }, '/repo')).toThrow(/DEMO_PORT must differ from EDGE_PORT/);
  });
});
