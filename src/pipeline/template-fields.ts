// A mined template's typed parameters become event fields where the type says what the value
// is: the first ip is the source address, a user param is the user name, and so on. Every
// param is also kept under `template.<name>`, so nothing the miner found is lost.
import type { Fields, ParamType, TemplateParam } from '../core/event.ts';
import { F, FIELD_PREFIX } from '../core/fields.ts';

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

/** Fields of a mined line: the envelope's (a syslog header's host, program, pid) first, then
 *  what the params imply where the envelope left a field unset. */
export function templateFields(params: readonly TemplateParam[], envelope?: Fields): Fields {
  const fields: Fields = { ...envelope };
  const implied = impliedFields(params, (f) => fields[f] !== undefined);
  params.forEach((p, i) => {
    fields[`${FIELD_PREFIX.template}${p.name}`] = p.value;
    const target = implied[i];
    if (!target) return;
    const n = Number(p.value);
    fields[target] = FIELD_OF_TYPE[p.type]?.numeric && Number.isFinite(n) ? n : p.value;
  });
  return fields;
}
