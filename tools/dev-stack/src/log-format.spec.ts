import { createLogFormatter } from './log-format';

describe('createLogFormatter', () => {
  const line = (entry: object) => JSON.stringify({ level: 'info', time: '2026-01-02T03:04:05.678Z', service: 'conversation', ...entry });

  it('shortens pino lines and merges a request into one line', () => {
    const format = createLogFormatter('conversation', { color: false });
    expect(format(line({ msg: 'Server listening at http://127.0.0.1:3003' }))).toBe(
      '03:04:05 conversation   INFO  Server listening at http://127.0.0.1:3003',
    );
    expect(format(line({ reqId: 'r1', req: { method: 'GET', url: '/api/x' }, msg: 'incoming request' }))).toBeUndefined();
    expect(format(line({ reqId: 'r1', res: { statusCode: 404 }, responseTime: 2.4, msg: 'request completed' }))).toBe(
      '03:04:05 conversation   INFO  GET /api/x → 404 (2 ms)',
    );
  });

  it('keeps extra fields and error stacks, and passes other output through', () => {
    const format = createLogFormatter('conversation', { color: false });
    expect(format(line({ level: 'error', msg: 'boom', jobId: 7, err: { message: 'bad', stack: 'Error: bad\n    at x' } }))).toBe(
      '03:04:05 conversation   ERROR boom {"jobId":7}\nError: bad\n    at x',
    );
    expect(format('Error: Cannot find module')).toBe('conversation   Error: Cannot find module');
  });
});
