import type { CurrentUser, LoginResponse, MeResponse } from '../api/types';
import { ApiError, api, csrfTokenFromPage, onUnauthorized, setCsrfToken } from '../lib/http';
import { createStore } from '../lib/store';

export type SessionState =
  | { status: 'checking' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; user: CurrentUser; organization: MeResponse['organization'] };

export const session = createStore<{ current: SessionState }>({ current: { status: 'checking' } });

const signedOut = (notice: string | null) => session.set({ current: { status: 'signed-out', notice } });

/** Who is signed in, if anyone: the page's CSRF token first, `/auth/me` for the rest. */
export async function restoreSession(): Promise<void> {
  setCsrfToken(csrfTokenFromPage());
  try {
    const me = await api<MeResponse>('/auth/me', { quiet401: true });
    session.set({ current: { status: 'signed-in', user: me.user, organization: me.organization } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return signedOut(null);
    signedOut(err instanceof ApiError ? err.message : 'Could not reach Parley.');
  }
}

/** What a person should read when login fails, by the server's code. */
export function loginErrorMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Try again.';
  if (err.code === 'INVALID_CREDENTIALS') return 'That e-mail and password do not match. Check both and try again.';
  if (err.code === 'RATE_LIMITED') {
    const minutes = err.retryAfterS ? Math.max(1, Math.ceil(err.retryAfterS / 60)) : 15;
    return `Too many failed attempts: sign-in is locked for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
  }
  if (err.code === 'VALIDATION_FAILED') return 'Enter your e-mail address and your password.';
  return err.message;
}

export async function login(email: string, password: string): Promise<void> {
  const res = await api<LoginResponse>('/auth/login', { method: 'POST', body: { email, password }, quiet401: true });
  setCsrfToken(res.csrf_token);
  const me = await api<MeResponse>('/auth/me', { quiet401: true });
  session.set({ current: { status: 'signed-in', user: me.user, organization: me.organization } });
}

export async function logout(): Promise<void> {
  try {
    await api<void>('/auth/logout', { method: 'POST', quiet401: true });
  } finally {
    setCsrfToken(null);
    signedOut('You are signed out.');
  }
}

/** Any 401 on the way means the session ended (expired, or ended elsewhere): back to the login page. */
onUnauthorized(() => {
  if (session.get().current.status === 'signed-in') signedOut('Your session has ended. Sign in again to continue.');
});

export const isAdmin = (user: CurrentUser) => user.role === 'admin' || user.role === 'owner';
