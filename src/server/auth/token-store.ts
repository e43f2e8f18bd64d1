// Tenants and API tokens, in their own SQLite file beside the store. A token is 256 random
// bits shown once; only its SHA-256 is kept (a slow hash buys nothing against 256-bit
// secrets), so a stolen database cannot be replayed. Revoking marks the row, keeping the
// audit trail. State to guard (the database), hence an object with methods.
import Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertTenant } from '../../core/layers.ts';
import type { Role } from './roles.ts';

/** Prefix that makes a leaked token recognisable to secret scanners. */
const TOKEN_PREFIX = 'stg_';

export interface TenantRow {
  name: string;
  created: number;
}

export interface TokenRow {
  id: string;
  /** `null` for a global admin token. */
  tenant: string | null;
  role: Role;
  name: string;
  created: number;
  revoked: number | null;
}

export interface Principal {
  tokenId: string;
  tenant: string | null;
  role: Role;
}

export interface TokenStore {
  addTenant(name: string): TenantRow;
  listTenants(): TenantRow[];
  hasTenant(name: string): boolean;
  /** Creates a token; the secret is returned once and never stored. */
  createToken(opts: { tenant: string | null; role: Role; name?: string }): { token: string; row: TokenRow };
  listTokens(tenant?: string | null): TokenRow[];
  /** False when no such token exists (in that tenant, when one is given). */
  revokeToken(id: string, tenant?: string): boolean;
  verify(token: string): Principal | undefined;
  close(): void;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');


export function openTokenStore(file: string): TokenStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS tenants (name TEXT PRIMARY KEY, created INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS api_tokens (
      id TEXT PRIMARY KEY,
      hash TEXT NOT NULL UNIQUE,
      tenant TEXT REFERENCES tenants(name),
      role TEXT NOT NULL,
      name TEXT NOT NULL,
      created INTEGER NOT NULL,
      revoked INTEGER
    );`);
  const insertTenant = db.prepare('INSERT INTO tenants (name, created) VALUES (?, ?)');
  const selectTenants = db.prepare('SELECT name, created FROM tenants ORDER BY name');
  const selectTenant = db.prepare('SELECT 1 FROM tenants WHERE name = ?');
  const insertToken = db.prepare('INSERT INTO api_tokens (id, hash, tenant, role, name, created) VALUES (?, ?, ?, ?, ?, ?)');
  const selectByHash = db.prepare('SELECT id, tenant, role FROM api_tokens WHERE hash = ? AND revoked IS NULL');
  const cols = 'id, tenant, role, name, created, revoked';

  return {
    addTenant(name) {
      assertTenant(name);
      if (selectTenant.get(name)) throw new Error(`tenant ${name} exists`);
      const created = Date.now();
      insertTenant.run(name, created);
      return { name, created };
    },
    listTenants: () => selectTenants.all() as TenantRow[],
    hasTenant: (name) => selectTenant.get(name) !== undefined,
    createToken({ tenant, role, name }) {
      if ((tenant === null) !== (role === 'global-admin')) {
        throw new Error(tenant === null ? `a token without a tenant must be global-admin, not ${role}` : 'a global-admin token has no tenant');
      }
      if (tenant !== null && !selectTenant.get(tenant)) throw new Error(`no tenant ${tenant} (add it first: stegosoc tenants add ${tenant})`);
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row: TokenRow = { id: randomUUID(), tenant, role, name: name ?? '', created: Date.now(), revoked: null };
      insertToken.run(row.id, hashToken(token), tenant, role, row.name, row.created);
      return { token, row };
    },
    listTokens(tenant) {
      if (tenant === undefined) return db.prepare(`SELECT ${cols} FROM api_tokens ORDER BY created, id`).all() as TokenRow[];
      if (tenant === null) return db.prepare(`SELECT ${cols} FROM api_tokens WHERE tenant IS NULL ORDER BY created, id`).all() as TokenRow[];
      return db.prepare(`SELECT ${cols} FROM api_tokens WHERE tenant = ? ORDER BY created, id`).all(tenant) as TokenRow[];
    },
    revokeToken(id, tenant) {
      const sql = `UPDATE api_tokens SET revoked = ? WHERE id = ? AND revoked IS NULL${tenant !== undefined ? ' AND tenant = ?' : ''}`;
      return db.prepare(sql).run(Date.now(), id, ...(tenant !== undefined ? [tenant] : [])).changes > 0;
    },
    verify(token) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
      const row = selectByHash.get(hashToken(token)) as { id: string; tenant: string | null; role: Role } | undefined;
      return row ? { tokenId: row.id, tenant: row.tenant, role: row.role } : undefined;
    },
    close: () => db.close(),
  };
}

/** Tokens live beside the store, in the data directory. */
export const tokenDbPath = (dataDir: string) => join(dataDir, 'auth.db');
