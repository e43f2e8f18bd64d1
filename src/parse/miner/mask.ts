// Masking of one token: the parts that are plainly data (numbers, IPs, paths, hex ids…) become
// `<*>` before any clustering, so lines of one template share a signature from the first line
// on. Written as charCode scans because it runs on every token of every line; the rare shapes
// that need a regex (URL, e-mail, UUID, MAC) are tried only after a cheap character test.
//
// The masked text follows the conventions of the corrected Loghub ground truth (Khan et al.,
// ICSE'22): an IP with port is `<*>:<*>`, a path or URL is one `<*>`, `key=value` keeps its key,
// brackets and punctuation around a value stay, and a run of number parts joined by `.` or `-`
// (dates, versions, dotted ids) is one `<*>`.
import type { ParamType } from '../../core/event.ts';

export const WILDCARD = '<*>';
/**
 * The colon between an IP and its port inside a masked token. The two stay separate values
 * (`ip`, `port`), but Loghub's ground truth writes `1.2.3.4:80` as one `<*>`; a private-use
 * character lets the renderer tell this colon from a literal one (see template-text.ts).
 */
export const IP_PORT_SEP = '\uE000';

/** A token after masking: its text with `<*>` for data parts, and those parts' values and types. */
export interface MaskedToken {
  text: string;
  /** Null when the token has no masked part (the common case, kept allocation-free). */
  values: string[] | null;
  types: ParamType[] | null;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isWordChar = (c: number) => isDigit(c) || isLower(c) || isUpper(c) || c === 95; /* _ */
const isHexLetter = (c: number) => (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

// Characters peeled off a token's ends before it is classified whole: `[1.2.3.4]`, `(x)`, `'a',`.
const isOpener = (c: number) => c === 40 || c === 91 || c === 123 || c === 60 || c === 34 || c === 39; // ( [ { < " '
const isCloser = (c: number) =>
  c === 41 || c === 93 || c === 125 || c === 62 || c === 34 || c === 39 || c === 44 || c === 59 || c === 46 || c === 58; // ) ] } > " ' , ; . :

const URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;
const EMAIL_RE = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAC_RE = /^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/;
const IPV6_RE = /^[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}$/;

/**
 * Masks one whitespace-free token. `maxChars` bounds the work on absurd tokens: a longer token
 * is taken as one value (data, in practice: base64 blobs, serialised objects).
 */
export function maskToken(tok: string, maxChars: number): MaskedToken {
  const n = tok.length;
  if (n > maxChars) return one(tok, 'word');
  // Fast path: a token with no digit, slash or @ is a word and stays as it is.
  let interesting = false;
  for (let i = 0; i < n; i++) {
    const c = tok.charCodeAt(i);
    if (isDigit(c) || c === 47 || c === 92 || c === 64) {
      interesting = true;
      break;
    }
  }
  if (!interesting) {
    // Digit-free host names (`ns.example.com`) are the one kind of data without those marks.
    if (tok.indexOf('.') > 0) {
      let a = 0;
      let b = n;
      while (a < b && isOpener(tok.charCodeAt(a))) a++;
      while (b > a && isCloser(tok.charCodeAt(b - 1))) b--;
      const core = tok.slice(a, b);
      if (hostName(core)) return { text: `${tok.slice(0, a)}${WILDCARD}${tok.slice(b)}`, values: [core], types: ['host'] };
    }
    if (tok.indexOf('=') >= 0) return maskParts(tok); // `key=true,other=null`
    return literalValue(tok) ?? { text: tok, values: null, types: null };
  }

  // Peel wrappers so that `[10.0.0.1]` or `(/var/log)` are judged by their core.
  let a = 0;
  let b = n;
  while (a < b && isOpener(tok.charCodeAt(a))) a++;
  while (b > a && isCloser(tok.charCodeAt(b - 1))) b--;
  if (a < b) {
    const core = a === 0 && b === n ? tok : tok.slice(a, b);
    const whole = classifyWhole(core);
    if (whole !== null) {
      const pre = tok.slice(0, a);
      const post = tok.slice(b);
      if (whole === 'ip-port') {
        const colon = core.lastIndexOf(':');
        // `/10.0.0.1:2181` (Java's InetSocketAddress) is written `<*>:<*>` in the ground truth,
        // a bare `10.0.0.1:2181` one `<*>`; both give the values ip and port.
        const ipStart = core.charCodeAt(0) === 47 ? 1 : 0;
        return {
          text: `${pre}${WILDCARD}${ipStart === 1 ? ':' : IP_PORT_SEP}${WILDCARD}${post}`,
          values: [core.slice(ipStart, colon), core.slice(colon + 1)],
          types: ['ip', 'port'],
        };
      }
      if ((whole === 'path' || whole === 'url') && b < n && tok.charCodeAt(b) === 46) {
        // A sentence-final `.` after a path belongs to the text around it, but `part-00029.` in a
        // list is the path's own; keep it with the value as the ground truth does.
        let e = b;
        while (e < n && tok.charCodeAt(e) === 46) e++;
        return { text: `${pre}${WILDCARD}${tok.slice(e)}`, values: [tok.slice(a, e)], types: [whole] };
      }
      const value = whole === 'ip' && core.charCodeAt(0) === 47 ? core.slice(1) : core;
      return { text: `${pre}${WILDCARD}${post}`, values: [value], types: [whole] };
    }
  }
  return maskParts(tok);
}

// `true`, `false`, `null` as a value (alone or after `key=`) vary like numbers do.
const LITERALS = new Set(['true', 'false', 'null']);

function literalValue(tok: string): MaskedToken | null {
  const n = tok.length;
  if (n < 4) return null;
  let e = n;
  while (e > 0 && isCloser(tok.charCodeAt(e - 1))) e--;
  let a = e;
  while (a > 0 && (isLower(tok.charCodeAt(a - 1)))) a--;
  if (e - a < 4 || e - a > 5) return null;
  const before = a === 0 ? 61 : tok.charCodeAt(a - 1);
  if (before !== 61 && before !== 58 && !isOpener(before)) return null; // = : or a wrapper
  const word = tok.slice(a, e);
  if (!LITERALS.has(word)) return null;
  return { text: `${tok.slice(0, a)}${WILDCARD}${tok.slice(e)}`, values: [word], types: ['word'] };
}

function one(value: string, type: ParamType): MaskedToken {
  return { text: WILDCARD, values: [value], types: [type] };
}

/** Type of a token that is data as a whole, 'ip-port' for `1.2.3.4:80`, or null. */
function classifyWhole(s: string): ParamType | 'ip-port' | null {
  const c0 = s.charCodeAt(0);
  const n = s.length;
  // An IP may come with a leading slash (Java's InetAddress.toString: `/10.0.0.1:2181`).
  const ipKind = ipv4(s, c0 === 47 ? 1 : 0);
  if (ipKind !== null) return ipKind;
  if (c0 === 47 && n > 1) return 'path';
  if (c0 === 46 || c0 === 126) {
    // ./x, ../x, ~/x
    const slash = s.indexOf('/');
    if (slash > 0 && slash <= 2 && (slash === 1 || s.charCodeAt(1) === 46) && n > slash + 1) return 'path';
  }
  const slash = s.indexOf('/');
  if (slash > 0 && ipv4(s, slash + 1) !== null && hostLabel(s, slash)) return 'host'; // name/1.2.3.4:80
  const colon = s.lastIndexOf(':');
  if (colon > 0 && isPort(s, colon + 1) && hostLabel(s, colon) && hasHostMark(s, colon)) return 'host'; // name-7:8030
  if (n > 2 && s.charCodeAt(1) === 58 && s.charCodeAt(2) === 92 && (isUpper(c0) || isLower(c0))) return 'path'; // C:\
  if (s.indexOf('://') > 0 && URL_RE.test(s)) return 'url';
  if (s.indexOf('@') > 0 && EMAIL_RE.test(s)) return 'email';
  if (n === 36 && UUID_RE.test(s)) return 'uuid';
  if (n === 17 && MAC_RE.test(s)) return 'mac';
  if (c0 === 48 && n > 2 && (s.charCodeAt(1) === 120 || s.charCodeAt(1) === 88)) {
    let ok = true;
    for (let i = 2; i < n && ok; i++) {
      const c = s.charCodeAt(i);
      ok = isDigit(c) || isHexLetter(c);
    }
    if (ok) return 'hex';
  }
  if (number(s)) return 'number';
  if (hostName(s)) return 'host';
  if (s.indexOf(':') >= 0 && s.indexOf('::') >= 0 && IPV6_RE.test(s)) return 'ipv6';
  if (hexId(s)) return 'hex';
  return null;
}

/** `msra-sa-41`: host name characters up to `end`. */
function hostLabel(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!(isDigit(c) || isLower(c) || isUpper(c) || c === 45 || c === 46 || c === 95)) return false;
  }
  return true;
}

function isPort(s: string, from: number): boolean {
  const n = s.length;
  if (n - from < 2 || n - from > 5) return false;
  for (let i = from; i < n; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** A `-` or `.` and a digit before `end`: `msra-sa-41`, `node7.local`, not `Notification`. */
function hasHostMark(s: string, end: number): boolean {
  let mark = false;
  let digit = false;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 || c === 46) mark = true;
    else if (isDigit(c)) digit = true;
  }
  return mark && digit && !isDigit(s.charCodeAt(0));
}

/** `1.2.3.4` → 'ip', `1.2.3.4:80` → 'ip-port', else null. */
function ipv4(s: string, start: number): 'ip' | 'ip-port' | null {
  let i = start;
  const n = s.length;
  for (let part = 0; part < 4; part++) {
    const from = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === from || i - from > 3) return null;
    if (part < 3) {
      if (s.charCodeAt(i) !== 46) return null;
      i++;
    }
  }
  if (i === n) return 'ip';
  if (s.charCodeAt(i) !== 58) return null;
  const from = ++i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  return i === n && i > from ? 'ip-port' : null;
}

/** Signed integers and decimals, with an optional unit-free exponent-less fraction. */
function number(s: string): boolean {
  let i = 0;
  const n = s.length;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) i++;
  const from = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === from) return false;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const f = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === f) return false;
  }
  return i === n;
}

// Top-level domains that end a host name; a dotted name ending otherwise is more likely a Java
// class or a config key (`org.apache.hadoop.Foo`, `mapred.task.id`) and stays text.
const TLDS = new Set(
  'com net org edu gov mil int io co uk de fr jp cn ru br mx eu nl it es ch se no fi pl in au ca us info biz local lan corp internal home arpa'.split(' '),
);

/** `ns1.example.com`, `host-7.corp.example.com:8080`: labels of letters/digits/hyphens, known TLD. */
function hostName(s: string): boolean {
  let end = s.length;
  const colon = s.lastIndexOf(':');
  if (colon > 0) {
    for (let i = colon + 1; i < end; i++) if (!isDigit(s.charCodeAt(i))) return false;
    if (colon + 1 === end) return false;
    end = colon;
  }
  const dot = s.lastIndexOf('.', end);
  if (dot <= 0 || !TLDS.has(s.slice(dot + 1, end))) return false;
  let labelLen = 0;
  for (let i = 0; i < dot; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (labelLen === 0) return false;
      labelLen = 0;
    } else if (isDigit(c) || isLower(c) || isUpper(c) || c === 45) labelLen++;
    else return false;
  }
  return labelLen > 0;
}

/** A bare hex id (`a64f992`, `DEADBEEF01`): hex digits only, long enough, mixing digits and letters. */
function hexId(s: string): boolean {
  const n = s.length;
  if (n < 7) return false;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (isHexLetter(c)) letters++;
    else return false;
  }
  // Letters only from a-f count when long (`ffffffff`, `deadbeefcafe`): no English word is.
  return letters > 0 && (digits > 0 || n >= 8);
}

/**
 * A token mixing text and data (`uid=0`, `node-246`, `HWID=1973)`, `2016/9/27:20:30:31.455`):
 * each run of word characters that is data becomes `<*>`; runs of data joined by `.` or `-`
 * become one `<*>` (a date, a version, a dotted id), and so does an id like `blk_-123`.
 */
function maskParts(tok: string): MaskedToken {
  const n = tok.length;
  let text = '';
  let values: string[] | null = null;
  let types: ParamType[] | null = null;
  let i = 0;
  let copyFrom = 0;
  while (i < n) {
    const c = tok.charCodeAt(i);
    if (c === 47 && (i === 0 || isPathOpener(tok.charCodeAt(i - 1))) && i + 1 < n && (isWordChar(tok.charCodeAt(i + 1)) || tok.charCodeAt(i + 1) === 46)) {
      // A path inside a token: `chdir(/home/x)`, `file=/var/log/y`.
      let e = i + 1;
      while (e < n && !isPathEnd(tok.charCodeAt(e))) e++;
      text += tok.slice(copyFrom, i) + WILDCARD;
      (values ??= []).push(tok.slice(i, e));
      (types ??= []).push('path');
      copyFrom = i = e;
      continue;
    }
    if (!isWordChar(c) && !(c === 45 && i + 1 < n && isDigit(tok.charCodeAt(i + 1)) && (i === 0 || !isWordChar(tok.charCodeAt(i - 1))))) {
      i++;
      continue;
    }
    const start = i;
    if (c === 45) i++; // a sign
    let digits = 0;
    let underscoreDigit = false;
    const firstDigit = isDigit(tok.charCodeAt(i));
    for (; i < n; i++) {
      const d = tok.charCodeAt(i);
      if (isDigit(d)) digits++;
      else if (isLower(d) || isUpper(d)) continue;
      else if (d === 95) {
        const e = i + 1 < n ? tok.charCodeAt(i + 1) : 0;
        if (isDigit(e) || e === 45) underscoreDigit = true;
      } else break;
    }
    // `blk_-123`: the sign after an underscore belongs to the id.
    if (underscoreDigit && i < n && tok.charCodeAt(i) === 45 && tok.charCodeAt(i - 1) === 95) {
      i++;
      while (i < n && isWordChar(tok.charCodeAt(i))) i++;
      digits++;
    }
    const isData = digits > 0 ? firstDigit || underscoreDigit || isHexRun(tok, start, i) || versionLike(tok, start, i) : i - start >= 8 && isHexRun(tok, start, i);
    if (!isData) {
      if (digits === 0 && start > 0 && (tok.charCodeAt(start - 1) === 61 || tok.charCodeAt(start - 1) === 58) && LITERALS.has(tok.slice(start, i))) {
        text += tok.slice(copyFrom, start) + WILDCARD;
        (values ??= []).push(tok.slice(start, i));
        (types ??= []).push('word');
        copyFrom = i;
      }
      continue;
    }
    // Extend over `.`/`-` joined runs that are themselves data: `10.1.2.3`, `2016-09-28`, `1.2-rc`.
    let end = i;
    while (end + 1 < n) {
      const sep = tok.charCodeAt(end);
      if (sep !== 46 && sep !== 45) break;
      let j = end + 1;
      let dd = 0;
      while (j < n && isWordChar(tok.charCodeAt(j))) {
        if (isDigit(tok.charCodeAt(j))) dd++;
        j++;
      }
      if (j === end + 1 || dd === 0) break;
      end = j;
    }
    // `10.0.0.1:50010:Got`: an IP and port inside a token are two values, written as one.
    if (end < n && tok.charCodeAt(end) === 58 && ipv4(tok.slice(start, end), 0) === 'ip') {
      let p = end + 1;
      while (p < n && isDigit(tok.charCodeAt(p))) p++;
      if (p > end + 1) {
        text += tok.slice(copyFrom, start) + WILDCARD + IP_PORT_SEP + WILDCARD;
        (values ??= []).push(tok.slice(start, end), tok.slice(end + 1, p));
        (types ??= []).push('ip', 'port');
        copyFrom = i = p;
        continue;
      }
    }
    i = end;
    text += tok.slice(copyFrom, start) + WILDCARD;
    (values ??= []).push(tok.slice(start, end));
    (types ??= []).push(ipv4(tok.slice(start, end), 0) === 'ip' ? 'ip' : typeOfPart(tok, start, end));
    copyFrom = end;
  }
  if (values === null) return { text: tok, values: null, types: null };
  text += tok.slice(copyFrom);
  return { text, values, types };
}

const isPathOpener = (c: number) => c === 40 || c === 61 || c === 58 || c === 91 || c === 123 || c === 34 || c === 39; // ( = : [ { " '
const isPathEnd = (c: number) => c === 41 || c === 93 || c === 125 || c === 34 || c === 39 || c === 44 || c === 59; // ) ] } " ' , ;

function isHexRun(s: string, from: number, to: number): boolean {
  return to - from >= 7 && hexId(s.slice(from, to));
}

/** `v2.3.1`: a version; a lone `v2` or `ssh2` is a name and stays. */
function versionLike(s: string, from: number, to: number): boolean {
  return (
    to - from >= 2 &&
    (s.charCodeAt(from) === 118 || s.charCodeAt(from) === 86) &&
    isDigit(s.charCodeAt(from + 1)) &&
    s.charCodeAt(to) === 46 &&
    isDigit(s.charCodeAt(to + 1))
  );
}

function typeOfPart(s: string, from: number, to: number): ParamType {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c) && c !== 46 && c !== 45) return 'word';
  }
  return 'number';
}
