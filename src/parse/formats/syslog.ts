// Syslog header scanner: RFC 3164 (`Mmm dd hh:mm:ss host tag[pid]: msg`), RFC 5424
// (`<pri>1 ts host app procid msgid [sd] msg`), and the ISO/year-first variants rsyslog and
// syslog-ng write. The header gives time, host, program and pid; the message then goes to the
// program's parsers (see ProgramTable), and when none reads it the event is named `syslog`
// with the header fields and the message (the pipeline may still mine the message).
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { LineParser, ParseContext, ParsedLine } from '../types.ts';
import type { ProgramParser } from './program.ts';
import { digitsAt, isDigit } from './scan.ts';
import { isRfc3164At, isoAt, monthAt, rfc3164At, scanned } from './time.ts';

export const SYSLOG = 'syslog';

/** Parsers by program name, in the order to try them; `*` entries are tried for every program. */
export interface ProgramTable {
  byProgram: Map<string, ProgramParser[]>;
  any: ProgramParser[];
}

export interface SyslogHeader {
  time: number;
  host: string;
  program: string;
  pid: number;
  message: string;
  priority: number;
}

const header: SyslogHeader = { time: NaN, host: '', program: '', pid: NaN, message: '', priority: -1 };

/** Reads a syslog header into a shared object (no allocation per line); false when `line` has none.
 *  The object is overwritten by the next call: copy what you keep. */
export function scanSyslogHeader(line: string, now: number): SyslogHeader | null {
  let i = 0;
  header.priority = -1;
  if (line.charCodeAt(0) === 60) {
    const close = line.indexOf('>', 1);
    if (close < 2 || close > 4) return null;
    const pri = digitsAt(line, 1, close);
    if (Number.isNaN(pri) || pri > 191) return null;
    header.priority = pri;
    i = close + 1;
    // RFC 5424: a version digit and a space follow the priority.
    if (isDigit(line.charCodeAt(i)) && line.charCodeAt(i + 1) === 32) return scan5424(line, i + 2);
  }
  const c = line.charCodeAt(i);
  if (isRfc3164At(line, i)) {
    header.time = rfc3164At(line, i, now);
    i += 15;
    // Some senders add the year after the time (`Mmm dd hh:mm:ss yyyy host`).
    if (line.charCodeAt(i) === 32 && isDigit(line.charCodeAt(i + 1)) && line.charCodeAt(i + 5) === 32 && isDigit(line.charCodeAt(i + 4))) {
      const year = digitsAt(line, i + 1, i + 5);
      if (year > 1970 && year < 2200) {
        const d = new Date(header.time);
        d.setUTCFullYear(year);
        header.time = d.getTime();
        i += 5;
      }
    }
  } else if (isDigit(c)) {
    if (line.charCodeAt(i + 4) === 32 && monthAt(line, i + 5) >= 0 && isRfc3164At(line, i + 5)) {
      // `yyyy Mmm dd hh:mm:ss` (year first).
      const year = digitsAt(line, i, i + 4);
      const t = rfc3164At(line, i + 5, now);
      const d = new Date(t);
      d.setUTCFullYear(year);
      header.time = d.getTime();
      i += 20;
    } else {
      const t = isoAt(line, i);
      if (Number.isNaN(t)) return null;
      header.time = t;
      i = scanned.end;
    }
  } else return null;
  if (line.charCodeAt(i) !== 32) return null;
  while (line.charCodeAt(i) === 32) i++;
  return scanHostTag(line, i);
}

function scanHostTag(line: string, i: number): SyslogHeader | null {
  const hostEnd = line.indexOf(' ', i);
  if (hostEnd < 0) {
    header.host = '';
    header.program = '';
    header.pid = NaN;
    header.message = line.slice(i);
    return header;
  }
  const first = line.slice(i, hostEnd);
  // When the first token already is a tag (`prog[12]:` or `prog:`), the sender left out the host;
  // so did a home-grown `time | component | msg` log: a host name starts with a letter, a digit
  // or `[` (IPv6), never with punctuation such as `|` or `-`.
  if ((first.charCodeAt(first.length - 1) === 58 && !first.includes('=')) || !startsLikeHost(first.charCodeAt(0))) {
    header.host = '';
    return scanTag(line, i);
  }
  header.host = first;
  let j = hostEnd + 1;
  while (line.charCodeAt(j) === 32) j++;
  return scanTag(line, j);
}

function startsLikeHost(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 91;
}

/** Reads `prog[pid]:`, `prog:`, `prog[pid]` (no colon, proftpd) at `line[i]`. */
function scanTag(line: string, i: number): SyslogHeader {
  header.program = '';
  header.pid = NaN;
  const n = line.length;
  let j = i;
  // Tag characters: anything but space, `[` and `:` (program names hold `/`, `-`, `.`, `(`…).
  while (j < n) {
    const c = line.charCodeAt(j);
    if (c === 32 || c === 91 || c === 58) break;
    j++;
  }
  const c = line.charCodeAt(j);
  if (c === 91) {
    const close = line.indexOf(']', j + 1);
    const pid = close > 0 ? digitsAt(line, j + 1, close) : NaN;
    if (!Number.isNaN(pid) && j > i) {
      header.program = line.slice(i, j);
      header.pid = pid;
      let k = close + 1;
      if (line.charCodeAt(k) === 58) k++;
      while (line.charCodeAt(k) === 32) k++;
      header.message = line.slice(k);
      return header;
    }
  } else if (c === 58 && j > i && (line.charCodeAt(j + 1) === 32 || j + 1 === n)) {
    header.program = line.slice(i, j);
    let k = j + 1;
    while (line.charCodeAt(k) === 32) k++;
    header.message = line.slice(k);
    return header;
  }
  header.message = line.slice(i);
  return header;
}

/** RFC 5424 after `<pri>1 `: `ts host app procid msgid sd msg` with `-` for nil values. */
function scan5424(line: string, i: number): SyslogHeader | null {
  const parts: string[] = [];
  let j = i;
  for (let k = 0; k < 5; k++) {
    const e = line.indexOf(' ', j);
    if (e < 0) return null;
    parts.push(line.slice(j, e));
    j = e + 1;
  }
  const [ts, host, app, procid] = parts as [string, string, string, string, string];
  header.time = ts === '-' ? NaN : isoAt(ts, 0);
  header.host = host === '-' ? '' : host;
  header.program = app === '-' ? '' : app;
  const pid = digitsAt(procid, 0, procid.length);
  header.pid = pid;
  // Structured data: `-` or one or more `[id k="v" …]` (values may hold an escaped `]`).
  if (line.charCodeAt(j) === 45) j += 2;
  else {
    while (line.charCodeAt(j) === 91) {
      let k = j + 1;
      let inQuote = false;
      for (; k < line.length; k++) {
        const ch = line.charCodeAt(k);
        if (ch === 92) k++;
        else if (ch === 34) inQuote = !inQuote;
        else if (ch === 93 && !inQuote) break;
      }
      j = k + 1;
    }
    if (line.charCodeAt(j) === 32) j++;
  }
  let msg = line.slice(j);
  if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
  header.message = msg;
  return header;
}

/** Fields every syslog event gets from its header. The common shape (host, program, pid,
 *  message) is built as one literal: one hidden class from the start instead of four
 *  transitions per line. */
export function headerFields(h: SyslogHeader): Fields {
  let fields: Fields;
  if (h.host && h.program && !Number.isNaN(h.pid)) {
    // Literal keys (not computed `[F.x]`) so V8 can use a boilerplate shape; they equal F's values.
    fields = { 'host.name': h.host, 'process.name': h.program, 'process.pid': h.pid, message: h.message };
  } else {
    fields = {};
    if (h.host) fields[F.hostName] = h.host;
    if (h.program) fields[F.processName] = h.program;
    if (!Number.isNaN(h.pid)) fields[F.processPid] = h.pid;
    fields[F.message] = h.message;
  }
  if (h.priority >= 0) {
    fields[F.logSyslogPriority] = h.priority;
    fields[F.logSyslogFacility] = h.priority >> 3;
    fields[F.logSyslogSeverity] = h.priority & 7;
  }
  return fields;
}

const SOLARIS_ID = '[ID ';
const REPEATED = 'message repeated ';

/** Message as the program wrote it: drops Solaris' `[ID n facility.level] ` and unwraps
 *  `message repeated N times: [ … ]`. */
function programMessage(msg: string): string {
  if (msg.startsWith(SOLARIS_ID)) {
    const close = msg.indexOf('] ');
    if (close > 0) return msg.slice(close + 2);
  }
  if (msg.startsWith(REPEATED)) {
    const open = msg.indexOf(': [ ');
    if (open > 0 && msg.endsWith(']')) return msg.slice(open + 4, -1).trimEnd();
  }
  return msg;
}

/** Program name used to pick parsers: `sshd(pam_unix)` → `sshd`, `postfix/smtpd` → `postfix`. */
function baseProgram(program: string): string {
  const paren = program.indexOf('(');
  const p = paren > 0 ? program.slice(0, paren) : program;
  const slash = p.indexOf('/');
  return slash > 0 ? p.slice(0, slash) : p;
}

function tryAll(list: readonly ProgramParser[], msg: string, fields: Fields, program: string): string | null {
  for (const p of list) {
    const name = p.parseMessage(msg, fields, program);
    if (name !== null) return name;
  }
  return null;
}

export function createSyslogParser(table: ProgramTable): LineParser {
  return {
    name: SYSLOG,
    parse(line: string, ctx: ParseContext): ParsedLine | null {
      const h = scanSyslogHeader(line, ctx.now);
      if (!h) return null;
      const time = h.time;
      const program = h.program;
      const fields = headerFields(h);
      const msg = programMessage(h.message);
      let name: string | null = null;
      const base = program ? baseProgram(program) : '';
      // `sshd(pam_unix)` is sshd; `postfix/smtpd` keeps its daemon name.
      if (base !== program && program.includes('(')) fields[F.processName] = program.slice(0, program.indexOf('('));
      // Old PAM tags (`sshd(pam_unix)`) say the message is the module's, not the program's.
      if (program.includes('(pam')) name = tryAll(table.any, msg, fields, program);
      if (name === null && program) {
        const list = table.byProgram.get(base) ?? table.byProgram.get(program);
        if (list) {
          for (const p of list) {
            name = p.parseMessage(msg, fields, base);
            if (name !== null) break;
          }
        }
      }
      if (name === null) name = tryAll(table.any, msg, fields, program);
      const out: ParsedLine = { parser: name ?? SYSLOG, fields };
      if (!Number.isNaN(time)) out.time = time;
      return out;
    },
  };
}
