// The embedded store's tables. Events keep their fields as JSON (queried with json_extract)
// and their raw line; ids are unique so that replaying a batch after a crash inserts nothing.
import { F } from '../../core/fields.ts';

export const SCHEMA_VERSION = 1;

/** Fields investigations filter on most: each gets an expression index (tenant, value), so
 *  an equality query on them is an index lookup instead of a scan of the tenant's events.
 *  Other fields still work through a scan. Each index costs a little on every insert. */
export const INDEXED_FIELDS: readonly string[] = [F.sourceIp, F.destinationIp, F.userName, F.hostName, F.eventAction, F.processName];

/** The JSON path expression for a field; queries must use this exact text to hit an index. */
export const fieldExpr = (name: string) => `json_extract(fields, '$."${name}"')`;

const fieldIndexes = INDEXED_FIELDS.map(
  (f) => `CREATE INDEX IF NOT EXISTS "events_f_${f.replace(/[^a-z0-9]/gi, '_')}" ON events(tenant, ${fieldExpr(f)});`,
).join('\n');

export const SCHEMA = `
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
  fields TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_tenant_time ON events(tenant, time);
CREATE INDEX IF NOT EXISTS events_tenant_parser ON events(tenant, parser);
${fieldIndexes}

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
