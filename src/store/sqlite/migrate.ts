// Brings a store file to the current schema version in place, so a database written by an
// earlier build keeps working: the version lives in SQLite's `user_version`, and each step is
// one transaction (a crash mid-migration leaves the old version intact, retried on next open).
import type Database from 'better-sqlite3';
import { EVENTS_INDEXES, EVENTS_TABLE, fieldExpr, INDEXED_COLUMNS, OTHER_TABLES, SCHEMA, SCHEMA_VERSION, UNINDEXED_COLUMNS } from './schema.ts';

/** Version 1 → 2: the json_extract expression indexes become real columns with composite
 *  (tenant, column, time) indexes. The columns are filled from the stored JSON with the same
 *  json_extract the old indexes used, so equality queries match the same rows as before. */
function v1to2(db: Database.Database): void {
  for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`).all() as { name: string }[]) {
    db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  }
  db.exec('ALTER TABLE events RENAME TO events_v1');
  db.exec(EVENTS_TABLE);
  const cols = [...INDEXED_COLUMNS.values()].join(', ');
  const exprs = [...INDEXED_COLUMNS.keys()].map(fieldExpr).join(', ');
  // rowid kept, so the order of equal-time events (ties broken by rowid) is unchanged.
  db.exec(`INSERT INTO events (rowid, id, tenant, time, ingested, source, parser, template_id, template_params, raw, fields, ${cols})
    SELECT rowid, id, tenant, time, ingested, source, parser, template_id, template_params, raw, fields, ${exprs} FROM events_v1`);
  db.exec('DROP TABLE events_v1');
  db.exec(EVENTS_INDEXES);
}

/** Version 2 → 3: the (tenant, parser, time) index goes. It cost about an eighth of the
 *  store's write time per event (bench/store.bench.ts), and a parser filter is nearly always
 *  asked with a time range, which the (tenant, time) index serves, the parser tested on the
 *  rows of that range. */
function v2to3(db: Database.Database): void {
  db.exec('DROP INDEX IF EXISTS events_tenant_parser_time');
}

/** Version 3 → 4: the event.action and process.name indexes go (schema.ts, UNINDEXED_COLUMNS
 *  says why); their columns stay, so filters on them keep reading the same values. */
function v3to4(db: Database.Database): void {
  for (const c of UNINDEXED_COLUMNS) db.exec(`DROP INDEX IF EXISTS events_${c}`);
}

/** Steps by the version they start from. */
const STEPS: ReadonlyMap<number, (db: Database.Database) => void> = new Map([[1, v1to2], [2, v2to3], [3, v3to4]]);

export function migrate(db: Database.Database, file: string): void {
  // One write transaction around read-version-then-migrate: two processes opening an old file
  // at once cannot both migrate it; the second waits (busy_timeout) and finds it done.
  db.transaction(() => {
    let version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${file}: store schema version ${version} is newer than this build (${SCHEMA_VERSION}); run a newer StegoSOC or restore a backup`);
    }
    if (version === 0) {
      // A new file, or one from before versions were recorded (that schema was version 1's).
      const hasEvents = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'`).get() !== undefined;
      if (!hasEvents) {
        db.exec(SCHEMA);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
        return;
      }
      version = 1;
    }
    for (; version < SCHEMA_VERSION; version++) {
      const step = STEPS.get(version);
      if (!step) throw new Error(`${file}: no migration from store schema version ${version}`);
      step(db);
    }
    // Tables added to OTHER_TABLES later are created on any file that lacks them.
    db.exec(OTHER_TABLES);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
