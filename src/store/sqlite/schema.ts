// The embedded store's tables (schema version 4: version 2 without the (tenant, parser, time)
// index, and without the event.action and process.name indexes, see migrate.ts). Events keep
// all their fields as JSON once,
// plus the handful of fields investigations filter on most as real columns filled from JS at
// insert: version 1 indexed json_extract expressions, which SQLite re-evaluated (parsing the
// JSON) six times per inserted row and cost most of the write time. Ids are unique so that
// replaying a batch after a crash inserts nothing.
import { F } from '../../core/fields.ts';

export const SCHEMA_VERSION = 4;

/** Fields kept as columns and the column holding each. Each column but UNINDEXED_COLUMNS has
 *  a (tenant, column, time) index, so an equality filter on it is an index range already in time order (no sort);
 *  other fields still work through json_extract over the tenant's rows. The indexes are
 *  partial (non-null values only): most events lack most of these fields, and a row skipped
 *  by an index costs that index nothing at insert. An equality with a value implies non-null,
 *  so the planner uses them for every `where` on these fields. */
export const INDEXED_COLUMNS: ReadonlyMap<string, string> = new Map([
  [F.sourceIp, 'f_source_ip'],
  [F.destinationIp, 'f_destination_ip'],
  [F.userName, 'f_user_name'],
  [F.hostName, 'f_host_name'],
  [F.eventAction, 'f_event_action'],
  [F.processName, 'f_process_name'],
]);
export const INDEXED_FIELDS: readonly string[] = [...INDEXED_COLUMNS.keys()];
const columns = [...INDEXED_COLUMNS.values()];

/** Columns kept without an index (version 4). Each index costs every event that has the field
 *  a B-tree insert on the store's writer, the thread that bounds the ingest rate: these two
 *  cost ~15% of its time per event (bench/http-ingest.bench.ts workload) and no query path of
 *  the server asks for them (alert details pivot on source.ip, user.name and host.name). A
 *  filter on them still reads the column, not the JSON, over the rows of the tenant's time
 *  range (the (tenant, time) index), so asked with a time range it stays a bounded scan. */
export const UNINDEXED_COLUMNS: ReadonlySet<string> = new Set(['f_event_action', 'f_process_name']);
const indexed = columns.filter((c) => !UNINDEXED_COLUMNS.has(c));

/** The JSON path expression for a field, for fields without a column. */
export const fieldExpr = (name: string) => `json_extract(fields, '$."${name}"')`;

/** Columns without a declared type have no affinity, so a value keeps the type it was bound
 *  with: the string '5' never equals the number 5, exactly as with json_extract. */
export const EVENTS_TABLE = `
CREATE TABLE IF NOT EXISTS events (
  id TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  time INTEGER NOT NULL,
  ingested INTEGER NOT NULL,
  source TEXT NOT NULL,
  parser TEXT NOT NULL,
  template_id TEXT,
  template_params TEXT,
  raw TEXT NOT NULL,
  fields TEXT NOT NULL,
  ${columns.map((c) => `${c}`).join(',\n  ')}
);`;

export const EVENTS_INDEXES = `
CREATE INDEX IF NOT EXISTS events_tenant_time ON events(tenant, time);
${indexed.map((c) => `CREATE INDEX IF NOT EXISTS events_${c} ON events(tenant, ${c}, time) WHERE ${c} IS NOT NULL;`).join('\n')}
`;

/** The tables other than events, unchanged since version 1. */
export const OTHER_TABLES = `
CREATE TABLE IF NOT EXISTS unparsed (
  id TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  source TEXT NOT NULL,
  ingested INTEGER NOT NULL,
  raw TEXT NOT NULL,
  reason TEXT NOT NULL,
  length INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS unparsed_tenant ON unparsed(tenant, ingested);

CREATE TABLE IF NOT EXISTS checkpoints (
  tenant TEXT NOT NULL,
  key TEXT NOT NULL,
  offset INTEGER NOT NULL,
  state TEXT NOT NULL,
  updated INTEGER NOT NULL,
  PRIMARY KEY (tenant, key)
);

CREATE TABLE IF NOT EXISTS counters (
  tenant TEXT NOT NULL,
  name TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (tenant, name)
);

CREATE TABLE IF NOT EXISTS templates (
  tenant TEXT NOT NULL,
  template_id TEXT NOT NULL,
  template TEXT NOT NULL,
  count INTEGER NOT NULL,
  example TEXT NOT NULL,
  params TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  program TEXT,
  PRIMARY KEY (tenant, template_id)
);

CREATE TABLE IF NOT EXISTS miner_snapshots (
  tenant TEXT PRIMARY KEY,
  snapshot TEXT NOT NULL,
  updated INTEGER NOT NULL
);
`;

export const SCHEMA = EVENTS_TABLE + EVENTS_INDEXES + OTHER_TABLES;
