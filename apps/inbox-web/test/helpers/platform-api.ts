/**
 * The platform's own HTTP API as an admin, from Node: for setting up what a test needs (a second
 * agent, say) without clicking through the console every time.
 */
export interface AdminApi {
  post<T = unknown>(path: string, body: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
}

export async function signInApi(edgeUrl: string, creds: { email: string; password: string }): Promise<AdminApi> {
  const login = await fetch(`${edgeUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${edgeUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrftoken': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return { post: (path, body) => call('POST', path, body), get: (path) => call('GET', path) };
}

/** A new team member with a known password, made through the console API. */
export async function addMember(admin: AdminApi, label: string, role: 'agent' | 'admin' = 'agent') {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const creds = { email: `${slug}-${Date.now()}@example.test`, password: `pw-${slug}-long-enough` };
  const member = await admin.post<{ id: string; display_name: string }>('/api/console/members', { ...creds, display_name: label, role });
  return { ...creds, id: member.id, name: member.display_name };
}
