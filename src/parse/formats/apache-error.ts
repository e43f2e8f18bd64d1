// Apache httpd error log: `[time] [module:level] [pid N[:tid M]] [client IP[:port]] AHnnnnn: msg`
// (2.4) or `[time] [level] [client IP] msg` (2.2); the time may be missing when a relay
// stripped it. ModSecurity alerts written there get their rule id, message and URI.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import { digitsAt, isIp } from './scan.ts';
import { ctimeAt, scanned } from './time.ts';

export const APACHE_ERROR = 'apache_error';

const LEVELS = new Set(['emerg', 'alert', 'crit', 'error', 'warn', 'notice', 'info', 'debug', 'trace1', 'trace2', 'trace3', 'trace4', 'trace5', 'trace6', 'trace7', 'trace8']);

function modSecurity(m: string, f: Fields): void {
  const tag = (name: string): string | undefined => {
    const at = m.indexOf(`[${name} "`);
    if (at < 0) return undefined;
    const start = at + name.length + 3;
    const end = m.indexOf('"]', start);
    return end > start ? m.slice(start, end) : undefined;
  };
  const id = tag('id');
  if (id) f[F.ruleId] = id;
  const msg = tag('msg');
  if (msg) f[F.ruleName] = msg;
  const uri = tag('uri');
  if (uri) f[F.urlOriginal] = uri;
  const host = tag('hostname');
  if (host) f[F.urlDomain] = host;
  const denied = m.includes('Access denied');
  f[F.eventAction] = denied ? 'waf_block' : 'waf_alert';
  f[F.eventOutcome] = denied ? 'failure' : 'unknown';
  f[F.eventCategory] = 'web';
  f[F.observerProduct] = 'ModSecurity';
}

export const apacheErrorParser: LineParser = {
  name: APACHE_ERROR,
  parse(line): ParsedLine | null {
    if (line.charCodeAt(0) !== 91) return null;
    let i = 0;
    let time = NaN;
    const t = ctimeAt(line, 1);
    if (!Number.isNaN(t)) {
      if (line.charCodeAt(scanned.end) !== 93) return null;
      time = t;
      i = scanned.end + 2;
    }
    // [module:level] or [level]
    if (line.charCodeAt(i) !== 91) return null;
    const close = line.indexOf(']', i);
    if (close < 0) return null;
    const tag = line.slice(i + 1, close);
    const colon = tag.indexOf(':');
    const level = colon >= 0 ? tag.slice(colon + 1) : tag;
    if (!LEVELS.has(level)) return null;
    const fields: Fields = { [F.logLevel]: level };
    if (colon > 0) fields[F.logLogger] = tag.slice(0, colon);
    i = close + 2;
    if (line.startsWith('[pid ', i)) {
      const e = line.indexOf(']', i);
      const colonTid = line.indexOf(':', i);
      const pid = digitsAt(line, i + 5, colonTid > 0 && colonTid < e ? colonTid : e);
      if (!Number.isNaN(pid)) fields[F.processPid] = pid;
      i = e + 2;
    }
    if (line.startsWith('[client ', i)) {
      const e = line.indexOf(']', i);
      const addr = line.slice(i + 8, e);
      const c = addr.lastIndexOf(':');
      // `1.2.3.4:5678`, or an IPv6 address with or without a port.
      if (isIp(addr)) fields[F.sourceIp] = addr;
      else if (c > 0 && isIp(addr.slice(0, c))) {
        fields[F.sourceIp] = addr.slice(0, c);
        const port = digitsAt(addr, c + 1, addr.length);
        if (!Number.isNaN(port)) fields[F.sourcePort] = port;
      }
      i = e + 2;
    }
    const msg = i < line.length ? line.slice(i) : '';
    fields[F.message] = msg;
    if (msg.startsWith('AH') && msg.charCodeAt(7) === 58) fields[F.errorCode] = msg.slice(0, 7);
    if (msg.startsWith('ModSecurity: ')) modSecurity(msg, fields);
    else {
      fields[F.eventAction] = 'http_error';
      fields[F.eventCategory] = 'web';
      fields[F.eventOutcome] = level === 'error' || level === 'crit' || level === 'alert' || level === 'emerg' ? 'failure' : 'unknown';
    }
    const out: ParsedLine = { parser: APACHE_ERROR, fields };
    if (!Number.isNaN(time)) out.time = time;
    return out;
  },
};
