import { Value } from 'typebox/value';
import { AppError, ErrorBody, ErrorCode, conflict, notFound, rateLimited } from './errors';

describe('error taxonomy', () => {
  it('every code is its own name, so codes are greppable and stable', () => {
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
  });

  it('factories carry status and code', () => {
    expect(notFound('Conversation', ErrorCode.CONVERSATION_NOT_FOUND)).toMatchObject({
      statusCode: 404,
      code: 'CONVERSATION_NOT_FOUND',
      message: 'Conversation not found',
    });
    expect(conflict('already resolved')).toBeInstanceOf(AppError);
  });

  it('a 429 always carries a whole-second Retry-After of at least 1', () => {
    expect(rateLimited(0.2).headers).toEqual({ 'retry-after': '1' });
    expect(rateLimited(59.01).headers).toEqual({ 'retry-after': '60' });
  });

  it('the error body schema accepts the documented shape only', () => {
    expect(Value.Check(ErrorBody, { statusCode: 404, code: 'NOT_FOUND', message: 'x', requestId: 'r' })).toBe(true);
    expect(Value.Check(ErrorBody, { statusCode: 200, code: 'NOT_FOUND', message: 'x', requestId: 'r' })).toBe(false);
    expect(Value.Check(ErrorBody, { code: 'NOT_FOUND', message: 'x' })).toBe(false);
  });
});
