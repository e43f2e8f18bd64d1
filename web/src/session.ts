// The tokens this browser tab holds: one per tenant the person has logged in to, and which one
// is in use. Kept in sessionStorage (gone when the tab closes; never in localStorage, where any
// later visitor of the machine would find them). Switching tenant switches token.
import type { Role } from './api/types.ts';

export interface SavedToken {
  token: string;
  /** From /api/v1/whoami; null for a global admin, who acts in `actAs`. */
  tenant: string | null;
  role: Role;
  actAs?: string;
}

const TOKENS = 'stegosoc.tokens';
const ACTIVE = 'stegosoc.active';
const listeners = new Set<() => void>();

function read(): SavedToken[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(TOKENS) ?? '[]');
    return Array.isArray(v) ? (v as SavedToken[]) : [];
  } catch {
    return [];
  }
}

function write(tokens: SavedToken[], active: number): void {
  sessionStorage.setItem(TOKENS, JSON.stringify(tokens));
  sessionStorage.setItem(ACTIVE, String(active));
  for (const l of listeners) l();
}

export const tenantName = (t: SavedToken): string => t.tenant ?? (t.actAs ? `${t.actAs} (global)` : '(global)');

export function savedTokens(): SavedToken[] {
  return read();
}

export function activeToken(): SavedToken | undefined {
  const tokens = read();
  return tokens[Number(sessionStorage.getItem(ACTIVE) ?? 0)] ?? tokens[0];
}

/** Adds (or refreshes) a token and makes it the active one. */
export function addToken(t: SavedToken): void {
  const tokens = read().filter((x) => x.token !== t.token && !(x.tenant !== null && x.tenant === t.tenant));
  tokens.push(t);
  write(tokens, tokens.length - 1);
}

export function switchToken(index: number): void {
  write(read(), index);
}

/** Forgets a token (logout, or the server said 401: revoked or expired). */
export function dropToken(token: string): void {
  const tokens = read().filter((x) => x.token !== token);
  write(tokens, Math.max(0, tokens.length - 1));
}

export function onSessionChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
