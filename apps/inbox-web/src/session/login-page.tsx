import { useEffect, useRef, useState } from 'preact/hooks';
import { login, loginErrorMessage } from './session-store';

/** The sign-in form. Errors are announced (role="alert") and focus returns to the password. */
export function LoginPage({ notice }: { notice: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => emailRef.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await login(String(form.get('email') ?? '').trim(), String(form.get('password') ?? ''));
    } catch (err) {
      setError(loginErrorMessage(err));
      setBusy(false);
      passwordRef.current?.select();
    }
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <div class="brand brand-large" aria-hidden="true">
          <span class="brand-mark" /> Parley
        </div>
        <h1 id="login-title">Sign in to your inbox</h1>
        {notice && !error && <p class="notice" role="status">{notice}</p>}
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <label class="field">
          <span>E-mail</span>
          <input ref={emailRef} name="email" type="email" autocomplete="username" required />
        </label>
        <label class="field">
          <span>Password</span>
          <input ref={passwordRef} name="password" type="password" autocomplete="current-password" required />
        </label>
        <button class="btn btn-primary btn-block" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
