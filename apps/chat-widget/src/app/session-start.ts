// POST /v1/widget/init until it answers: through a network outage and a 429, never past a refusal.
import { api, HttpError, type InitRequest, type InitResult } from './api';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `anonymousFallback`: when the visitor id belongs to a user the integrator verified and no
 * assertion came with it (401 UNAUTHENTICATED), start afresh as a new anonymous visitor instead
 * of failing; the server then makes the id. Only for the first /init of a page.
 */
export async function startSession(request: InitRequest, opts: { anonymousFallback: boolean }): Promise<InitResult> {
  const body = { ...request };
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.init(body);
    } catch (err) {
      if (!(err instanceof HttpError)) {
        await sleep(Math.min(10_000, 500 * 2 ** attempt));
        continue;
      }
      if (err.status === 429) {
        await sleep((err.retryAfter ?? 5) * 1000);
        continue;
      }
      if (err.code === 'UNAUTHENTICATED' && body.session_id && opts.anonymousFallback) {
        delete body.session_id;
        continue;
      }
      throw err;
    }
  }
}
