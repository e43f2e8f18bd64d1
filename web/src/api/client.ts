// Every call to the API goes through here: the active token as a bearer, a global admin's
// chosen tenant as the header, JSON in and out, and 401 sending the person back to login.
import { activeToken, dropToken } from '../session.ts';
import { navigate } from '../router.ts';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function authHeaders(token = activeToken()): Record<string, string> {
  if (!token) return {};
  const h: Record<string, string> = { authorization: `Bearer ${token.token}` };
  if (token.tenant === null && token.actAs) h['x-stegosoc-tenant'] = token.actAs;
  return h;
}

/** A request with an explicit token (login checks a token before saving it). */
export async function request(path: string, init: { method?: string; body?: unknown; token?: string; accept?: 'json' | 'text' } = {}): Promise<unknown> {
  const saved = activeToken();
  const headers = init.token ? { authorization: `Bearer ${init.token}` } : authHeaders(saved);
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(path, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  if (r.status === 401 && !init.token) {
    if (saved) dropToken(saved.token);
    navigate(`/login?expired=1&next=${encodeURIComponent(location.pathname)}`);
  }
  if (!r.ok) {
    const body = (await r.json().catch(() => null)) as { error?: string } | null;
    throw new ApiError(r.status, body?.error ?? `${r.status} ${r.statusText}`);
  }
  if (r.status === 204) return null;
  return init.accept === 'text' ? r.text() : r.json();
}

export const get = <T>(path: string): Promise<T> => request(path) as Promise<T>;
export const getText = (path: string): Promise<string> => request(path, { accept: 'text' }) as Promise<string>;
export const post = <T>(path: string, body: unknown = {}): Promise<T> => request(path, { method: 'POST', body }) as Promise<T>;
