// Squid native access log: `epoch.ms elapsed client code/status bytes method URL ident
// hierarchy/peer type`.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import { digitsAt, isIp, toInt } from './scan.ts';

export const SQUID = 'squid';

export const squidParser: LineParser = {
  name: SQUID,
  parse(line): ParsedLine | null {
    const dot = line.indexOf('.');
    if (dot < 9 || dot > 10 || line.charCodeAt(dot + 4) !== 32) return null;
    const secs = digitsAt(line, 0, dot);
    const ms = digitsAt(line, dot + 1, dot + 4);
    if (Number.isNaN(secs) || Number.isNaN(ms)) return null;
    const t = line.slice(dot + 5).trim().split(/ +/);
    if (t.length < 7) return null;
    const [elapsed, client, codeStatus, bytes, method, url, ident, hier, type] = t as [string, string, string, string, string, string, string, string?, string?];
    const slash = codeStatus.indexOf('/');
    if (slash < 0 || !isIp(client)) return null;
    const fields: Fields = { [F.sourceIp]: client };
    const dur = toInt(elapsed);
    if (dur !== undefined) fields[F.eventDuration] = dur * 1e6;
    const code = codeStatus.slice(0, slash);
    fields['squid.result_code'] = code;
    const status = toInt(codeStatus.slice(slash + 1));
    if (status !== undefined) fields[F.httpResponseStatusCode] = status;
    const b = toInt(bytes);
    if (b !== undefined) fields[F.httpResponseBodyBytes] = b;
    fields[F.httpRequestMethod] = method;
    fields[F.urlOriginal] = url;
    if (ident !== '-') fields[F.userName] = ident;
    if (hier) fields['squid.hierarchy'] = hier;
    if (type && type !== '-') fields['http.response.mime_type'] = type;
    fields[F.eventAction] = 'http_request';
    fields[F.eventCategory] = 'web';
    fields[F.eventOutcome] = code.includes('DENIED') || (status !== undefined && status >= 400) ? 'failure' : 'success';
    return { parser: SQUID, time: secs * 1000 + ms, fields };
  },
};
