// Where the embedded store lives: `<dataDir>/stegosoc.db`, the data dir coming from the
// command line, else $STEGOSOC_DATA, else ./var (beside the tenants' layer folders).
import { join, resolve } from 'node:path';

export const DATA_DIR_ENV = 'STEGOSOC_DATA';

export function resolveDataDir(option?: string): string {
  return resolve(option ?? process.env[DATA_DIR_ENV] ?? 'var');
}

export function defaultDbPath(dataDir: string): string {
  return join(dataDir, 'stegosoc.db');
}
