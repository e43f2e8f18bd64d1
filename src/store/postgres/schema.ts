// The shared store's tables, as numbered migrations applied in order (src/store/postgres/
// migrate.ts). Same rows as the embedded store (src/store/sqlite/schema.ts), with two
// differences that PostgreSQL makes cheap: an event's fields are `jsonb` (so any field can be
// compared by value and type without re-parsing text), and the investigation fields are
// expression indexes over that jsonb rather than copied columns.
//
// Every table has the tenant in its key and a row-level security policy keyed on the session
// setting `stegosoc.tenant`: the queries name the tenant anyway, the policy is the second wall
// (a query that forgot its tenant reads nothing rather than everything).
import { F } from '../../core/fields.ts';
import { correlatorStateSql } from './schema-correlator.ts';
import { correlationStateSql } from './schema-correlation-state.ts';
import { anomalyStateSql } from './schema-anomaly-state.ts';

/** Role the store's sessions act as (SET ROLE) so that row-level security applies even when
 *  the login user is a superuser, which bypasses every policy. */
export const TENANT_ROLE = 'stegosoc_tenant';
/** Session setting the policies compare each row's tenant with. */
export const TENANT_SETTING = 'stegosoc.tenant';

/** Fields v1 gave an index each (tenant, value, time), index `events_field_<position>`: the
 *  text of a shipped migration, kept as it was. */
const V1_INDEXED_FIELDS: readonly string[] = [F.sourceIp, F.destinationIp, F.userName, F.hostName, F.eventAction, F.processName];
/** Fields v6 stops indexing, as the embedded store's schema v4 did (src/store/sqlite/schema.ts,
 *  UNINDEXED_COLUMNS says why): no query path of the server asks for them, and each index
 *  costs every event that has the field an index insert in the batch's transaction. */
const UNINDEXED_FIELDS: ReadonlySet<string> = new Set([F.eventAction, F.processName]);
/** Fields with an index each (tenant, value, time), as in the embedded store. */
export const INDEXED_FIELDS: readonly string[] = V1_INDEXED_FIELDS.filter((f) => !UNINDEXED_FIELDS.has(f));

/** The jsonb expression for a field: a field name is checked against a strict alphabet before
 *  it gets here (event-where.ts), so quoting it as a literal is enough. */
export const fieldExpr = (name: string) => `(fields -> '${name.replace(/'/g, "''")}')`;

const TABLES = ['events', 'unparsed', 'checkpoints', 'counters', 'templates', 'miner_snapshots', 'sigma_alerts'] as const;

/** The tenant role's rights on a table and the row-level security policy that scopes them. */
const tenantPolicy = (t: string) => `
GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO ${TENANT_ROLE};
ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
CREATE POLICY ${t}_tenant ON ${t} USING (tenant = current_setting('${TENANT_SETTING}', true))
  WITH CHECK (tenant = current_setting('${TENANT_SETTING}', true));`;

const v1 = `
CREATE TABLE events (
  tenant text NOT NULL,
  id text NOT NULL,
  -- insertion order: breaks ties between events of the same time, like SQLite's rowid
  seq bigint GENERATED ALWAYS AS IDENTITY,
  time bigint NOT NULL,
  ingested bigint NOT NULL,
  source text NOT NULL,
  parser text NOT NULL,
  template_id text,
  template_params jsonb,
  raw text NOT NULL,
  fields jsonb NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX events_tenant_time ON events (tenant, time, seq);
CREATE INDEX events_tenant_parser_time ON events (tenant, parser, time);
${V1_INDEXED_FIELDS.map((f, i) => `CREATE INDEX events_field_${i} ON events (tenant, ${fieldExpr(f)}, time) WHERE ${fieldExpr(f)} IS NOT NULL;`).join('\n')}

CREATE TABLE unparsed (
  tenant text NOT NULL,
  id text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  source text NOT NULL,
  ingested bigint NOT NULL,
  raw text NOT NULL,
  reason text NOT NULL,
  length integer NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX unparsed_tenant ON unparsed (tenant, seq);

CREATE TABLE checkpoints (
  tenant text NOT NULL,
  key text NOT NULL,
  "offset" bigint NOT NULL,
  state jsonb NOT NULL,
  updated bigint NOT NULL,
  PRIMARY KEY (tenant, key)
);

CREATE TABLE counters (
  tenant text NOT NULL,
  name text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (tenant, name)
);

CREATE TABLE templates (
  tenant text NOT NULL,
  template_id text NOT NULL,
  template text NOT NULL,
  count bigint NOT NULL,
  example text NOT NULL,
  params jsonb NOT NULL,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  program text,
  PRIMARY KEY (tenant, template_id)
);

CREATE TABLE miner_snapshots (
  tenant text PRIMARY KEY,
  snapshot jsonb NOT NULL,
  updated bigint NOT NULL
);

CREATE TABLE sigma_alerts (
  tenant text NOT NULL,
  id text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  time bigint NOT NULL,
  rule_id text NOT NULL,
  level text NOT NULL,
  repeats integer NOT NULL DEFAULT 0,
  body jsonb NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX sigma_alerts_rule ON sigma_alerts (tenant, rule_id, time);
CREATE INDEX sigma_alerts_time ON sigma_alerts (tenant, time, seq);

-- The role may exist already, or be created by a migration of another database at this very
-- moment: roles belong to the cluster, and the migration's advisory lock is per database.
DO $$ BEGIN
  CREATE ROLE ${TENANT_ROLE} NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
-- The store's sessions SET ROLE to it; a superuser is a member of every role already.
DO $$ BEGIN
  IF NOT pg_has_role(current_user, '${TENANT_ROLE}', 'MEMBER') THEN
    EXECUTE format('GRANT ${TENANT_ROLE} TO %I', current_user);
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO ${TENANT_ROLE};
${TABLES.map(tenantPolicy).join('\n')}
`;

/** Version 2: which events were folded into which alert by throttling, so a redelivered
 *  batch does not count its repeats twice (as the embedded store's sigma_alert_folds). */
const v2 = `
CREATE TABLE sigma_alert_folds (
  tenant text NOT NULL,
  alert_id text NOT NULL,
  event_id text NOT NULL,
  PRIMARY KEY (tenant, alert_id, event_id)
);
${tenantPolicy('sigma_alert_folds')}
`;

/** Version 3: the console's triage of alerts (as the embedded store's alert_triage; the
 *  column is triaged_by, `by` being reserved here), and the live stream's cursor index. */
const v3 = `
CREATE TABLE alert_triage (
  tenant text NOT NULL,
  alert_id text NOT NULL,
  status text NOT NULL,
  assignee text,
  reason text,
  updated bigint NOT NULL,
  triaged_by text NOT NULL,
  PRIMARY KEY (tenant, alert_id)
);
${tenantPolicy('alert_triage')}
CREATE INDEX sigma_alerts_seq ON sigma_alerts (tenant, seq);
`;

/** v5: the live stream's cursor. Alert ids (`seq`) are taken when a row is inserted, not when
 *  its transaction commits, so a reader going by seq could pass over a row that commits after
 *  a higher-numbered one and never see it. Each row now records its writing transaction, and
 *  the stream reads only transactions older than every running one (all final), in that
 *  order. */
const v5 = `
ALTER TABLE sigma_alerts ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX sigma_alerts_tx ON sigma_alerts (tenant, tx, seq);
`;

/** v6: the server's in-process correlation state and the anomaly stage's state move into the
 *  store (they were SQLite files of the server's data directory, so a server moved to another
 *  host lost the open windows and the reports), and the event.action and process.name indexes
 *  go, as on the embedded store. */
const v6 = `
${correlationStateSql(tenantPolicy)}
${anomalyStateSql(tenantPolicy)}
${V1_INDEXED_FIELDS.flatMap((f, i) => (UNINDEXED_FIELDS.has(f) ? [`DROP INDEX IF EXISTS events_field_${i};`] : [])).join('\n')}
`;

/** v7: the scale-out correlator's state is kept as text, as v6's server state is: jsonb
 *  reorders object keys, and the order of a correlation's groups decides which is evicted
 *  first at the cap, so a restored correlator could evict another group than the one it
 *  would have without the restart. */
const v7 = `ALTER TABLE correlator_state ALTER COLUMN state TYPE text USING state::text;`;

/** Migrations by the version they bring the database to; append only, never edit one that
 *  has shipped (a database records the versions it applied). */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [{ version: 1, sql: v1 }, { version: 2, sql: v2 }, { version: 3, sql: v3 },
  { version: 4, sql: correlatorStateSql(tenantPolicy) }, { version: 5, sql: v5 }, { version: 6, sql: v6 },
  { version: 7, sql: v7 }];
export const SCHEMA_VERSION = MIGRATIONS.length;
