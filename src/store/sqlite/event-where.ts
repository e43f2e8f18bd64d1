// Builds the WHERE clause of an event query. The tenant is always the first condition, so
// no query shape can reach another tenant's rows; field names become JSON paths, so they are
// checked against a strict alphabet rather than escaped. Indexed fields use their column.
import { assertTenant } from '../../core/layers.ts';
import type { EventQuery } from '../store.ts';
import { fieldExpr, INDEXED_COLUMNS } from './schema.ts';

const FIELD_NAME = /^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,199}$/;

export function eventWhere(q: EventQuery): { sql: string; params: unknown[] } {
  const parts = ['tenant = ?'];
  const params: unknown[] = [assertTenant(q.tenant)];
  if (q.from !== undefined) {
    parts.push('time >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    parts.push('time < ?');
    params.push(q.to);
  }
  if (q.parser !== undefined) {
    parts.push('parser = ?');
    params.push(q.parser);
  }
  if (q.text !== undefined && q.text !== '') {
    // LIKE with the user's text as a literal: its own % and _ are escaped, never patterns.
    // A scan within the other bounds, on purpose: an FTS5 index over raw lines measured (bench/
    // store.bench.ts) at more than the whole store's write cost per event with the trigram
    // tokenizer that keeps this substring meaning, and about a third of it with unicode61
    // (whole words only), while ingest speed is the binding target. A time range keeps it fast.
    parts.push(`raw LIKE ? ESCAPE '\\'`);
    params.push(`%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  for (const [name, value] of Object.entries(q.where ?? {})) {
    if (!FIELD_NAME.test(name)) throw new Error(`invalid field name in query: ${JSON.stringify(name)}`);
    if (value === null) {
      parts.push(`json_type(fields, '$."${name}"') = 'null'`);
      continue;
    }
    // An indexed field is read from its column (same value json_extract would give, filled at
    // insert), which is what lets the (tenant, column, time) index serve the query.
    parts.push(`${INDEXED_COLUMNS.get(name) ?? fieldExpr(name)} = ?`);
    params.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }
  return { sql: parts.join(' AND '), params };
}
