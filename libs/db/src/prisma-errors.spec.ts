import { AppError } from '@parley/contracts';
import { isDatabaseUnavailable, mapPrismaError } from './prisma-errors';

const prismaError = (code: string) => Object.assign(new Error(`prisma ${code}`), { name: 'PrismaClientKnownRequestError', code });

describe('mapPrismaError: a saturated or unreachable database', () => {
  it.each([
    ['pg-pool waited past connectionTimeoutMillis', new Error('timeout exceeded when trying to connect')],
    ['Prisma could not start a transaction in time', prismaError('P2028')],
    ['Prisma timed out waiting for a pool connection', prismaError('P2024')],
    ['the server is unreachable', prismaError('P1001')],
    ['the connection was refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['Postgres has no connection slot left', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
  ])('%s: 503 DEPENDENCY_UNAVAILABLE with Retry-After, so the client retries', (_why, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    const mapped = mapPrismaError(err);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', headers: { 'retry-after': '1' } });
  });

  it('leaves a bug a bug (500, never shown to the client)', () => {
    expect(mapPrismaError(new TypeError('x is undefined'))).toBeUndefined();
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
  });
});
