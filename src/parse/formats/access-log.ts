// Apache/Nginx access logs, common and combined: `client ident user [time] "request" status
// bytes ["referrer" "user-agent"]`, with the variants seen in the wild: a leading vhost
// (`www.example.com:80 1.1.1.1 - - […]`), proxy chains (`10.0.0.1 10.0.0.2 - - […]`), and
// truncated user agents. Also read inside syslog lines from nginx/apache/httpd.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import type { ProgramParser } from './program.ts';
import { digitsAt, isDigit, isIp } from './scan.ts';
import { clfAt, scanned } from './time.ts';

export const ACCESS_LOG = 'access_log';

/** Reads an access-log line from `s`; fills `f` and returns the time (NaN if unreadable), or
 *  null when `s` is not one. */
export function scanAccess(s: string, f: Fields): number | null {
  // The time in brackets comes within the first few tokens.
  const open = s.indexOf(' [');
  if (open <= 0 || open > 300) return null;
  const time = clfAt(s, open + 2);
  if (Number.isNaN(time)) return null;
  let i = scanned.end;
  if (s.charCodeAt(i) !== 93 || s.charCodeAt(i + 1) !== 32 || s.charCodeAt(i + 2) !== 34) return null;
  // Client part: the first IP is the client; a `host:port` before it is the vhost.
  const head = s.slice(0, open).split(' ');
  // vhost, client(s), ident, user: more tokens than that is another format that holds ` [`.
  if (head.length > 5) return null;
  let user: string | undefined;
  for (let k = 0; k < head.length; k++) {
    const t = head[k] as string;
    if (f[F.sourceIp] === undefined && isIp(t)) {
      f[F.sourceIp] = t.startsWith('::ffff:') && t.includes('.') ? t.slice(7) : t;
    } else if (k === 0 && t.includes(':') && !isIp(t)) {
      const colon = t.lastIndexOf(':');
      f[F.urlDomain] = t.slice(0, colon);
      const port = digitsAt(t, colon + 1, t.length);
      if (!Number.isNaN(port)) f[F.destinationPort] = port;
    } else if (k === head.length - 1 && t !== '-' && !isIp(t)) user = t;
  }
  if (f[F.sourceIp] === undefined && head[0] && head[0] !== '-') f[F.sourceAddress] = head[0];
  if (user) f[F.userName] = user;
  // Request: up to the quote that a status code follows (the request may hold quotes).
  const reqStart = i + 3;
  let reqEnd = s.indexOf('" ', reqStart);
  while (reqEnd >= 0) {
    const c = s.charCodeAt(reqEnd + 2);
    if (isDigit(c) || c === 45) break;
    reqEnd = s.indexOf('" ', reqEnd + 1);
  }
  if (reqEnd < 0) return null;
  const request = s.slice(reqStart, reqEnd);
  const sp1 = request.indexOf(' ');
  const sp2 = request.lastIndexOf(' ');
  if (sp1 > 0 && sp2 > sp1 && request.startsWith('HTTP/', sp2 + 1)) {
    f[F.httpRequestMethod] = request.slice(0, sp1);
    const url = request.slice(sp1 + 1, sp2);
    setUrl(f, url);
    f[F.httpVersion] = request.slice(sp2 + 6);
  } else if (sp1 > 0) {
    f[F.httpRequestMethod] = request.slice(0, sp1);
    setUrl(f, request.slice(sp1 + 1));
  } else if (request !== '-') f[F.urlOriginal] = request;
  i = reqEnd + 2;
  let e = s.indexOf(' ', i);
  if (e < 0) e = s.length;
  const status = digitsAt(s, i, e);
  if (!Number.isNaN(status)) f[F.httpResponseStatusCode] = status;
  i = e + 1;
  e = s.indexOf(' ', i);
  if (e < 0) e = s.length;
  const bytes = digitsAt(s, i, e);
  if (!Number.isNaN(bytes)) f[F.httpResponseBodyBytes] = bytes;
  i = e;
  // Optional quoted referrer and user agent (the last may be cut off by a truncating sender).
  const ref = quoted(s, i);
  if (ref) {
    if (ref.value !== '-') f[F.httpRequestReferrer] = ref.value;
    const ua = quoted(s, ref.end);
    if (ua && ua.value !== '-') f[F.userAgentOriginal] = ua.value;
  }
  f[F.eventAction] = 'http_request';
  f[F.eventCategory] = 'web';
  f[F.eventOutcome] = Number.isNaN(status) ? 'unknown' : status < 400 ? 'success' : 'failure';
  return time;
}

function setUrl(f: Fields, url: string): void {
  f[F.urlOriginal] = url;
  const q = url.indexOf('?');
  if (q >= 0) {
    f[F.urlPath] = url.slice(0, q);
    f[F.urlQuery] = url.slice(q + 1);
  } else f[F.urlPath] = url;
}

const q = { value: '', end: 0 };
/** A `"…"` value after spaces at `s[i]`; a missing closing quote takes the rest of the line. */
function quoted(s: string, i: number): typeof q | null {
  while (s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) !== 34) return null;
  let close = s.indexOf('"', i + 1);
  // Skip escaped quotes (`\"`) inside the value.
  while (close > 0 && s.charCodeAt(close - 1) === 92) close = s.indexOf('"', close + 1);
  if (close < 0) close = s.length;
  q.value = s.slice(i + 1, close);
  q.end = close + 1;
  return q;
}

export const accessLogParser: LineParser = {
  name: ACCESS_LOG,
  parse(line): ParsedLine | null {
    const fields: Fields = {};
    const time = scanAccess(line, fields);
    if (time === null) return null;
    const out: ParsedLine = { parser: ACCESS_LOG, fields };
    if (!Number.isNaN(time)) out.time = time;
    return out;
  },
};

/** Access lines sent through syslog (`nginx: 1.2.3.4 - - […] "GET …"`). The syslog time stays the
 *  event's; the access-log time is kept as a field. */
export const accessLogProgramParser: ProgramParser = {
  name: 'access_log_syslog',
  programs: ['nginx', 'apache', 'apache2', 'httpd'],
  parseMessage(m, f) {
    const t = scanAccess(m, f);
    if (t === null) return null;
    if (!Number.isNaN(t)) f['http.request.time'] = t;
    return ACCESS_LOG;
  },
};
