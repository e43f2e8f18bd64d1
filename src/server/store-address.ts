// Which store the server runs on, from its validated configuration: `store.url` (a
// `postgres://…` address or `sqlite:PATH`), else `store.file`, else `<dataDir>/stegosoc.db`.
import { join } from 'node:path';
import type { ServerConfig } from '../config/schema.ts';
import { defaultDbPath } from '../store/locations.ts';
import { storeKind, type StoreKind } from '../store/open-store.ts';

export interface StoreChoice {
  kind: StoreKind;
  /** The SQLite file, or the PostgreSQL connection string. */
  target: string;
  /** The SQLite file the detection stage keeps its correlation state in: the store's own file
   *  on the embedded store, a file of the data directory beside a shared store. */
  detectFile: string;
}

export const storeAddress = (config: ServerConfig): string => config.store.url ?? config.store.file ?? defaultDbPath(config.dataDir);

export function storeChoice(config: ServerConfig): StoreChoice {
  const { kind, target } = storeKind(storeAddress(config));
  return { kind, target, detectFile: kind === 'sqlite' ? target : join(config.dataDir, 'detect-state.db') };
}
