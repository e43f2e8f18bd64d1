// A throwaway PostgreSQL database for one test file: created with a unique name on the real
// server (127.0.0.1:5432, user postgres, trust) and dropped when the tests end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_SERVER = process.env.STEGOSOC_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

export interface TempDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createTempDatabase(prefix = 'stegosoc_test'): Promise<TempDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: `${PG_SERVER}/${name}`,
    name,
    // FORCE: a pool a failed test left open must not keep the database alive.
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
