// Microsoft IIS W3C extended log with the default field order:
// `date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent)
// sc-status sc-substatus sc-win32-status time-taken`; IIS 6 adds s-sitename and s-computername
// before s-ip. The method token tells where the request starts.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import { isIp, toInt } from './scan.ts';
import { isoAt, scanned } from './time.ts';

export const IIS = 'iis';

const METHODS = new Set(['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH']);

export const iisParser: LineParser = {
  name: IIS,
  parse(line): ParsedLine | null {
    if (line.charCodeAt(4) !== 45 || line.charCodeAt(10) !== 32) return null;
    const time = isoAt(line, 0);
    if (Number.isNaN(time) || line.charCodeAt(scanned.end) !== 32) return null;
    const t = line.slice(scanned.end + 1).split(' ');
    let m = -1;
    // The method follows the server IP (s-ip); a syslog line whose message starts with `GET`
    // has a program tag there instead.
    for (let k = 1; k < 4 && k < t.length; k++) {
      if (METHODS.has(t[k] as string) && (t[k + 1] ?? '').length > 0 && isIp(t[k - 1] as string)) {
        m = k;
        break;
      }
    }
    if (m < 0) return null;
    const fields: Fields = {};
    fields[F.destinationIp] = t[m - 1] as string;
    if (m >= 3) {
      fields['iis.site_name'] = t[m - 3] as string;
      fields[F.hostName] = t[m - 2] as string;
    }
    fields[F.httpRequestMethod] = t[m] as string;
    const stem = t[m + 1] as string;
    const query = t[m + 2];
    fields[F.urlPath] = stem;
    fields[F.urlOriginal] = query && query !== '-' ? `${stem}?${query}` : stem;
    if (query && query !== '-') fields[F.urlQuery] = query;
    const port = toInt(t[m + 3]);
    if (port !== undefined) fields[F.destinationPort] = port;
    const user = t[m + 4];
    if (user && user !== '-') fields[F.userName] = user;
    const cip = t[m + 5];
    if (cip && isIp(cip)) fields[F.sourceIp] = cip;
    const ua = t[m + 6];
    if (ua && ua !== '-') fields[F.userAgentOriginal] = ua.replace(/\+/g, ' ');
    const status = toInt(t[m + 7]);
    fields[F.eventAction] = 'http_request';
    fields[F.eventCategory] = 'web';
    if (status !== undefined) {
      fields[F.httpResponseStatusCode] = status;
      fields[F.eventOutcome] = status < 400 ? 'success' : 'failure';
    } else fields[F.eventOutcome] = 'unknown';
    return { parser: IIS, time, fields };
  },
};
