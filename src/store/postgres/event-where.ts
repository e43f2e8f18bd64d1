// The WHERE clause of an event query, for PostgreSQL: the same shapes as the embedded store's
// (src/store/sqlite/event-where.ts), with numbered parameters. The tenant is always the first
// condition. Field values are compared as jsonb, which is type-exact as SQLite's json_extract
// comparison is: the string '5' never equals the number 5.
import { assertTenant } from '../../core/layers.ts';
import type { EventQuery } from '../store.ts';
import { fieldExpr } from './schema.ts';

const FIELD_NAME = /^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,199}$/;

export function eventWhere(q: EventQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [assertTenant(q.tenant)];
  const parts = ['tenant = $1'];
  const bind = (v: unknown) => `$${params.push(v)}`;
  if (q.from !== undefined) parts.push(`time >= ${bind(q.from)}`);
  if (q.to !== undefined) parts.push(`time < ${bind(q.to)}`);
  if (q.parser !== undefined) parts.push(`parser = ${bind(q.parser)}`);
  if (q.text !== undefined && q.text !== '') {
    // The user's text is a literal: its own % and _ are escaped, never patterns. ILIKE folds
    // more than ASCII case, a superset of what the embedded store's LIKE matches.
    parts.push(`raw ILIKE ${bind(`%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  }
  for (const [name, value] of Object.entries(q.where ?? {})) {
    if (!FIELD_NAME.test(name)) throw new Error(`invalid field name in query: ${JSON.stringify(name)}`);
    // `= 'null'::jsonb` matches a stored JSON null, not an absent field, as in SQLite.
    parts.push(`${fieldExpr(name)} = ${bind(JSON.stringify(value))}::jsonb`);
  }
  return { sql: parts.join(' AND '), params };
}
