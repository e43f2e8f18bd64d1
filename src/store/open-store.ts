// One entry point for either store, chosen by the address: `postgres://…` (or
// `postgresql://…`) opens the shared PostgreSQL store; `sqlite:PATH` or a plain path opens the
// embedded SQLite file. Anything else with a scheme is an error naming what is accepted.
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export type StoreKind = 'sqlite' | 'postgres';

export function storeKind(url: string): { kind: StoreKind; target: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', target: url };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', target: url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') };
  // A one-letter "scheme" is a Windows drive, not a scheme.
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(url);
  if (scheme) throw new Error(`unsupported store address ${JSON.stringify(url)}: use a file path, sqlite:PATH or postgres://…`);
  return { kind: 'sqlite', target: url };
}

export async function openStore(url: string): Promise<Store> {
  const { kind, target } = storeKind(url);
  return kind === 'postgres' ? openPostgresStore(target) : openSqliteStore(target);
}
