// A mined template's typed parameters become event fields where the type says what the value
// is: the first ip is the source address, a user param is the user name, and so on. Every
// param is also kept under `template.<name>`, so nothing the miner found is lost.
import type { Fields, ParamType, TemplateParam } from '../core/event.ts';
import { F, FIELD_PREFIX } from '../core/fields.ts';
import { nameCache } from '../parse/formats/names.ts';

/** Field a param of this type fills, when unset; numeric types are stored as numbers. */
const FIELD_OF_TYPE: Partial<Record<ParamType, { field: string; numeric?: boolean }>> = {
  ip: { field: F.sourceIp },
  ipv6: { field: F.sourceIp },
  port: { field: F.sourcePort, numeric: true },
  user: { field: F.userName },
  host: { field: F.hostName },
  url: { field: F.urlOriginal },
  path: { field: F.filePath },
  email: { field: F.userEmail },
  mac: { field: F.sourceMac },
};

/** For each param in order: the type-implied field it fills (first come, first served, and
 *  not over a field in `taken`), or undefined. */
export function impliedFields(params: readonly TemplateParam[], taken: (field: string) => boolean = () => false): (string | undefined)[] {
  const used = new Set<string>();
  return params.map((p) => {
    const target = FIELD_OF_TYPE[p.type];
    if (!target || used.has(target.field) || taken(target.field)) return undefined;
    used.add(target.field);
    return target.field;
  });
}

/** `template.<name>` field names, interned once per param name: a name built per line is a
 *  fresh string V8 must hash and internalize on every property store (profiled on ingest). */
const paramFieldName = nameCache(FIELD_PREFIX.template);

/** Fields of a mined line: the envelope's (a syslog header's host, program, pid) first, then
 *  what the params imply where the envelope left a field unset. Runs once per mined line, so it
 *  is a plain loop: no closures, no per-line Set or arrays (impliedFields' rule, inlined). */
export function templateFields(params: readonly TemplateParam[], envelope?: Fields): Fields {
  // The envelope is the parser's own object for this line (fresh per parse), so it is extended
  // in place rather than copied.
  const fields: Fields = envelope ?? {};
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as TemplateParam;
    const target = FIELD_OF_TYPE[p.type];
    // First param of a type wins; a field the envelope (or an earlier param) set is kept.
    if (target && fields[target.field] === undefined) {
      const n = target.numeric ? Number(p.value) : NaN;
      fields[target.field] = target.numeric && Number.isFinite(n) ? n : p.value;
    }
    fields[paramFieldName(p.name)] = p.value;
  }
  return fields;
}
