// Brings a database to this build's schema: each migration runs in its own transaction and
// records its version in `stegosoc_migrations`, so a crash mid-way leaves the last complete
// version and the next start carries on. An advisory lock makes workers starting together
// take turns; the second finds the work done.
import type { PoolClient } from 'pg';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';

/** Arbitrary, fixed key of the advisory lock ("stegosoc" in ASCII, as a bigint). */
const LOCK_KEY = '8319104667087364975';

export async function migrate(client: PoolClient, where: string): Promise<void> {
  for (const m of MIGRATIONS) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      await client.query('CREATE TABLE IF NOT EXISTS stegosoc_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM stegosoc_migrations');
      const current = rows[0]?.v ?? 0;
      if (current > SCHEMA_VERSION) {
        throw new Error(`${where}: store schema version ${current} is newer than this build (${SCHEMA_VERSION}); run a newer StegoSOC`);
      }
      if (current < m.version) {
        await client.query(m.sql);
        await client.query('INSERT INTO stegosoc_migrations (version) VALUES ($1)', [m.version]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  }
}
