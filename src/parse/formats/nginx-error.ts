// Nginx error log: `yyyy/mm/dd hh:mm:ss [level] pid#tid: *cid message, client: IP, server: …,
// request: "GET / HTTP/1.1", host: "…"`. The trailing context pairs become fields.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import { digitsAt, isIp } from './scan.ts';
import { isoAt } from './time.ts';

export const NGINX_ERROR = 'nginx_error';

function context(msg: string, f: Fields): void {
  const client = msg.indexOf(', client: ');
  if (client < 0) return;
  for (const part of msg.slice(client + 2).split(', ')) {
    const c = part.indexOf(': ');
    if (c < 0) continue;
    const k = part.slice(0, c);
    let v = part.slice(c + 2);
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    if (k === 'client' && isIp(v)) f[F.sourceIp] = v;
    else if (k === 'server') f['nginx.server'] = v;
    else if (k === 'host') f[F.urlDomain] = v;
    else if (k === 'request') {
      const sp = v.indexOf(' ');
      const sp2 = v.lastIndexOf(' ');
      if (sp > 0) {
        f[F.httpRequestMethod] = v.slice(0, sp);
        f[F.urlOriginal] = sp2 > sp ? v.slice(sp + 1, sp2) : v.slice(sp + 1);
      }
    } else if (k === 'upstream') f['nginx.upstream'] = v;
    else if (k === 'referrer') f[F.httpRequestReferrer] = v;
  }
}

export const nginxErrorParser: LineParser = {
  name: NGINX_ERROR,
  parse(line): ParsedLine | null {
    // The date uses slashes: `2014/12/30`.
    if (line.charCodeAt(4) !== 47) return null;
    const time = isoAt(line, 0);
    if (Number.isNaN(time) || line.charCodeAt(19) !== 32 || line.charCodeAt(20) !== 91) return null;
    const close = line.indexOf('] ', 21);
    const end = close < 0 ? (line.endsWith(']') ? line.length - 1 : -1) : close;
    if (end < 0) return null;
    const level = line.slice(21, end);
    const fields: Fields = { [F.logLevel]: level };
    let i = end + 2;
    // `pid#tid: ` (and `*connection ` after it).
    const hash = line.indexOf('#', i);
    const colon = line.indexOf(': ', i);
    if (hash > i && colon > hash && colon - i < 24) {
      const pid = digitsAt(line, i, hash);
      if (!Number.isNaN(pid)) {
        fields[F.processPid] = pid;
        i = colon + 2;
      }
    }
    if (line.charCodeAt(i) === 42) {
      const sp = line.indexOf(' ', i);
      if (sp > 0) {
        fields['nginx.connection'] = line.slice(i + 1, sp);
        i = sp + 1;
      }
    }
    const msg = i < line.length ? line.slice(i) : '';
    fields[F.message] = msg;
    context(msg, fields);
    fields[F.eventAction] = 'http_error';
    fields[F.eventCategory] = 'web';
    fields[F.eventOutcome] = level === 'error' || level === 'crit' || level === 'alert' || level === 'emerg' ? 'failure' : 'unknown';
    return { parser: NGINX_ERROR, time, fields };
  },
};
