// Which store the server runs on, from its validated configuration: `store.url` (a
// `postgres://…` address or `sqlite:PATH`), else `store.file`, else `<dataDir>/stegosoc.db`.
import type { ServerConfig } from '../config/schema.ts';
import { defaultDbPath } from '../store/locations.ts';
import { storeKind, type StoreKind } from '../store/open-store.ts';

export interface StoreChoice {
  kind: StoreKind;
  /** The SQLite file, or the PostgreSQL connection string. */
  target: string;
  /** The SQLite file the detection stage keeps its correlation state in: the store's own file
   *  on the embedded store; none beside a shared store, which keeps the state itself. */
  detectFile?: string;
}

export const storeAddress = (config: ServerConfig): string => config.store.url ?? config.store.file ?? defaultDbPath(config.dataDir);

export function storeChoice(config: ServerConfig): StoreChoice {
  const { kind, target } = storeKind(storeAddress(config));
  return kind === 'sqlite' ? { kind, target, detectFile: target } : { kind, target };
}
