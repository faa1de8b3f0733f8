/**
 * Every request of the app goes through `api()`: JSON in and out, the session cookie sent
 * automatically (same origin), `X-CSRFToken` on writes, and errors turned into `ApiError`s that
 * carry the server's stable `code`. A 401 means the session is over: listeners (the session
 * store) show the login page.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<(err: ApiError) => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The token the server put in the page (`<meta name="csrf-token">`) for a signed-in agent. */
export function csrfTokenFromPage(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content || null;
}

export function onUnauthorized(listener: (err: ApiError) => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Login and the session check handle 401 themselves. */
  quiet401?: boolean;
}

export function withQuery(path: string, query: ApiOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const retry = Number(res.headers.get('retry-after'));
  let body: { code?: string; message?: string; details?: { path: string; message: string }[] } = {};
  try {
    body = await res.json();
  } catch {
    // An edge or proxy page: keep the status and a generic message.
  }
  const message = body.message ?? (res.status >= 500 ? 'The server could not answer. Try again in a moment.' : `Request failed (${res.status})`);
  return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, message, body.details ?? [], Number.isFinite(retry) && retry > 0 ? retry : null);
}

async function send(path: string, opts: ApiOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrftoken'] = csrfToken;
  try {
    return await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      credentials: 'same-origin',
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'No connection to the server. Check your network and try again.');
  }
}

/** A JSON request; resolves to the parsed body (undefined for 204). */
export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (res.status === 403 && opts.method && opts.method !== 'GET') {
    const err = await errorFrom(res.clone());
    // The token may have changed (a new login in another tab): fetch the current one and retry once.
    if (err.code === 'CSRF_INVALID' && (await refreshCsrfToken())) res = await send(path, opts);
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && !opts.quiet401) for (const listener of unauthorizedListeners) listener(err);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function refreshCsrfToken(): Promise<boolean> {
  const res = await send('/auth/csrf', {});
  if (!res.ok) return false;
  setCsrfToken(((await res.json()) as { csrf_token: string }).csrf_token);
  return true;
}
