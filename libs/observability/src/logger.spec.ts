import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { genRequestId, loggerOptions } from './logger';

const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;

describe('request ids', () => {
  it('keeps a safe incoming id and mints a UUID otherwise', () => {
    expect(genRequestId(req('edge-1:abc'))).toBe('edge-1:abc');
    expect(genRequestId(req())).toMatch(/^[0-9a-f-]{36}$/);
    expect(genRequestId(req('has space'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(genRequestId(req('x'.repeat(200)))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('logger options', () => {
  it('writes JSON lines with the service name and redacts credentials', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = pino(loggerOptions('conversation', 'info'), sink);
    log.info({ req: { headers: { authorization: 'Bearer secret', cookie: 'session=s' } }, body: { password: 'p' } }, 'hi');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ level: 'info', service: 'conversation', msg: 'hi' });
    expect(entry.req.headers.authorization).toBe('[redacted]');
    expect(entry.req.headers.cookie).toBe('[redacted]');
    expect(entry.body.password).toBe('[redacted]');
    expect(new Date(entry.time).toString()).not.toBe('Invalid Date');
  });
});
