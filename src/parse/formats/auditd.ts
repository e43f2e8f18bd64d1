// Linux audit records: `[node=N ]type=T msg=audit(epoch.ms:serial): k=v …`. The records of
// one event share `audit(epoch:serial)`; each line returns that as `joinKey` and
// `joinAuditRecords` merges them. EXECVE arguments, hex-encoded when they hold spaces or
// quotes, are decoded into process.args and process.command_line.
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { LineParser, ParsedLine } from '../types.ts';
import { kvCursor, nextKv, resetKv } from './kv-cursor.ts';
import { keyTable } from './key-table.ts';
import { nameCache } from './names.ts';
import { digitsAt, isIp, toInt } from './scan.ts';
import { FieldsBuilder } from './field-shapes.ts';
import { newFields } from './new-fields.ts';

export const AUDITD = 'auditd';

/** Decodes an audit hex string (`2F62696E2F6C73`), or returns undefined when it is not one.
 *  NUL bytes (argument separators in PROCTITLE) become spaces. */
export function decodeAuditHex(v: string): string | undefined {
  if (v.length < 2 || v.length % 2 !== 0) return undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) return undefined;
  }
  return Buffer.from(v, 'hex').toString('utf8').replace(/\0/g, ' ').trimEnd();
}

const CATEGORY: Record<string, string> = {
  USER_LOGIN: 'authentication', USER_AUTH: 'authentication', USER_ACCT: 'authentication', USER_ERR: 'authentication',
  CRED_ACQ: 'authentication', CRED_DISP: 'authentication', CRED_REFR: 'authentication', USER_START: 'session', USER_END: 'session',
  USER_LOGOUT: 'session', LOGIN: 'authentication', ANOM_LOGIN_FAILURES: 'authentication', ANOM_LOGIN_LOCATION: 'authentication',
  ANOM_LOGIN_SESSIONS: 'authentication', ANOM_LOGIN_TIME: 'authentication', ANOM_LOGIN_ACCT: 'authentication',
  EXECVE: 'process', SYSCALL: 'process', USER_CMD: 'process', ANOM_ABEND: 'process', ANOM_EXEC: 'process', ANOM_MK_EXEC: 'process',
  PROCTITLE: 'process', PATH: 'file', CWD: 'file', ANOM_ACCESS_FS: 'file',
  ADD_USER: 'iam', DEL_USER: 'iam', ADD_GROUP: 'iam', DEL_GROUP: 'iam', USER_MGMT: 'iam', GRP_MGMT: 'iam', USER_CHAUTHTOK: 'iam',
  CHGRP_ID: 'iam', CHUSER_ID: 'iam', ACCT_LOCK: 'iam', ACCT_UNLOCK: 'iam', ANOM_ADD_ACCT: 'iam', ANOM_DEL_ACCT: 'iam', ANOM_MOD_ACCT: 'iam',
  ANOM_ROOT_TRANS: 'iam', ROLE_ASSIGN: 'iam', ROLE_REMOVE: 'iam',
  CONFIG_CHANGE: 'configuration', DAEMON_START: 'configuration', DAEMON_END: 'configuration', DAEMON_ABORT: 'configuration',
  DAEMON_CONFIG: 'configuration', DAEMON_RESUME: 'configuration', DAEMON_ROTATE: 'configuration', MAC_STATUS: 'configuration',
  MAC_POLICY_LOAD: 'configuration', SELINUX_ERR: 'configuration', USER_SELINUX_ERR: 'configuration', AVC: 'configuration',
  ANOM_PROMISCUOUS: 'network', SOCKADDR: 'network', NETFILTER_PKT: 'network', CRYPTO_REPLAY_USER: 'authentication',
  SERVICE_START: 'process', SERVICE_STOP: 'process', ANOM_AMTU_FAIL: 'configuration', ANOM_MAX_DAC: 'configuration', ANOM_RBAC_INTEGRITY_FAIL: 'configuration',
};

const ACTION: Record<string, string> = {
  USER_LOGIN: 'user_login', USER_AUTH: 'user_auth', USER_ACCT: 'user_account_check', USER_CMD: 'sudo_command', EXECVE: 'process_executed',
  ADD_USER: 'user_added', DEL_USER: 'user_deleted', ADD_GROUP: 'group_added', DEL_GROUP: 'group_deleted', USER_CHAUTHTOK: 'password_changed',
  ACCT_LOCK: 'account_locked', ACCT_UNLOCK: 'account_unlocked', CONFIG_CHANGE: 'audit_config_change', AVC: 'selinux_access_decision',
  USER_START: 'session_started', USER_END: 'session_ended', SERVICE_START: 'service_started', SERVICE_STOP: 'service_stopped',
};

/** Reads `res=`/`success=` into an outcome. */
function outcome(raw: string): string | undefined {
  // USER_* records end the nested message with `res=failed)'`.
  const v = raw.endsWith(')') ? raw.slice(0, -1) : raw;
  if (v === 'success' || v === 'yes' || v === '1') return 'success';
  if (v === 'failed' || v === 'no' || v === '0' || v === 'fail') return 'failure';
  return undefined;
}

/** Keys auditd writes hex-encoded when the value holds spaces, quotes or control characters
 *  (unquoted numbers elsewhere must not be mistaken for hex). */
const HEX_KEYS = new Set(['proctitle', 'cmd', 'name', 'cwd', 'exe', 'comm', 'path', 'data', 'acct', 'old', 'new']);

/** What an audit key becomes: `Int` fields are numbers; `FirstOnly` keeps the first value seen. */
const enum Kind {
  None,
  Int,
  Str,
  FirstOnly,
  UserName,
  Addr,
  Host,
  Outcome,
  Uid,
  AuditId,
  Session,
  RuleKey,
}

interface KeySpec {
  /** `auditd.data.<key>` */
  name: string;
  /** Number of the last line that stored this key (see `visitPair`); 0 until first stored. */
  seen: number;
  map: Kind;
  target: string;
  hex: boolean;
  execveArg: boolean;
  /** `type`, `msg`, `node`: read from the line's head, not kept as data. */
  skip: boolean;
}

const ECS_KEYS: Record<string, [Kind, string]> = {
  pid: [Kind.Int, F.processPid],
  ppid: [Kind.Int, F.processPpid],
  comm: [Kind.Str, F.processName],
  exe: [Kind.Str, F.processExecutable],
  cwd: [Kind.Str, F.processWorkingDirectory],
  proctitle: [Kind.FirstOnly, F.processCommandLine],
  uid: [Kind.Uid, F.userId],
  auid: [Kind.AuditId, F.userAuditId],
  euid: [Kind.Str, F.userEffectiveId],
  gid: [Kind.Str, F.groupId],
  acct: [Kind.UserName, F.userName],
  AUID: [Kind.UserName, F.userName],
  UID: [Kind.UserName, F.userName],
  addr: [Kind.Addr, F.sourceIp],
  hostname: [Kind.Host, F.sourceAddress],
  terminal: [Kind.Str, F.processTtyName],
  name: [Kind.FirstOnly, F.filePath],
  key: [Kind.RuleKey, F.ruleName],
  ses: [Kind.Session, F.sessionId],
  res: [Kind.Outcome, F.eventOutcome],
  success: [Kind.Outcome, F.eventOutcome],
  syscall: [Kind.Str, 'auditd.syscall'],
  op: [Kind.Str, 'auditd.op'],
};

function isExecveArg(key: string): boolean {
  return key.charCodeAt(0) === 97 && key.length > 1 && digitsAt(key, 1, key.length) >= 0;
}

const keySpec = keyTable<KeySpec>((key) => {
  const ecs = ECS_KEYS[key];
  return {
    name: FIELD_PREFIX.auditd + key, seen: 0, map: ecs ? ecs[0] : Kind.None, target: ecs ? ecs[1] : '', hex: HEX_KEYS.has(key),
    execveArg: isExecveArg(key), skip: key === 'type' || key === 'msg' || key === 'node',
  };
});

/** Counts parsed lines, so `visitPair` can tell a key's first store on a line from a repeat by
 *  comparing a number on its (cached, shared) spec instead of looking the key up in the line's
 *  dictionary-mode fields object. Wraps long before 2^53. */
let lineNo = 0;

const UNSET_ID = '4294967295';
const dataName = nameCache(FIELD_PREFIX.auditd);

/** Maps the well-known audit keys to event fields; every key is also kept under `auditd.data.`. */
function visitPair(f: FieldsBuilder, spec: KeySpec, value: string, quoted: boolean, execve: boolean): void {
  if (spec.skip) return;
  // The first record on a line wins (some relays concatenate records). A spec the bounded cache
  // did not keep is fresh each time (seen 0): then ask the fields.
  if (spec.seen === lineNo || (spec.seen === 0 && f.get(spec.name) !== undefined)) return;
  spec.seen = lineNo;
  const decoded = !quoted && (spec.hex || (execve && spec.execveArg)) ? decodeAuditHex(value) : undefined;
  const v = decoded ?? value;
  f.set(spec.name, v);
  const t = spec.target;
  switch (spec.map) {
    case Kind.None: break;
    case Kind.Int: { const n = toInt(v); if (n !== undefined) f.set(t, n); break; }
    case Kind.Str: f.set(t, v); break;
    case Kind.FirstOnly: if (f.get(t) === undefined) f.set(t, v); break;
    case Kind.UserName: if (f.get(t) === undefined && v !== '?') f.set(t, v); break;
    case Kind.Addr: if (isIp(v)) f.set(t, v); break;
    case Kind.Host: if (v !== '?' && f.get(t) === undefined) f.set(t, v); break;
    case Kind.Uid: if (v !== UNSET_ID) f.set(t, v); break;
    case Kind.AuditId: if (v !== UNSET_ID && v !== '-1') f.set(t, v); break;
    case Kind.Session: if (v !== UNSET_ID) f.set(t, v); break;
    case Kind.RuleKey: if (v !== '(null)') f.set(t, v); break;
    case Kind.Outcome: { const o = outcome(v); if (o) f.set(t, o); break; }
  }
}

/** EXECVE `argc=N a0=… a1=…` into process.args and process.command_line. */
function execveArgs(f: FieldsBuilder): void {
  const argc = toInt(f.get(dataName('argc')) as string | undefined);
  if (argc === undefined) return;
  const args: string[] = [];
  for (let k = 0; k < argc && k < 4096; k++) {
    const a = f.get(dataName(`a${k}`));
    if (typeof a !== 'string') break;
    args.push(a);
  }
  if (args.length > 0) {
    f.set(F.processArgs, args);
    f.set(F.processCommandLine, args.join(' '));
  }
}

/** One cursor and one builder for all lines: parsing is synchronous, so lines never share them
 *  at once. Audit records set 20+ fields: see field-shapes.ts. */
const cursor = kvCursor();
const builder = new FieldsBuilder();

export const auditdParser: LineParser = {
  name: AUDITD,
  parse(line): ParsedLine | null {
    let i = 0;
    while (line.charCodeAt(i) === 32) i++;
    let node: string | undefined;
    if (line.startsWith('node=', i)) {
      const sp = line.indexOf(' ', i);
      if (sp < 0) return null;
      node = line.slice(i + 5, sp);
      i = sp + 1;
    }
    if (!line.startsWith('type=', i)) return null;
    const sp = line.indexOf(' ', i);
    if (sp < 0) return null;
    const type = line.slice(i + 5, sp);
    if (!line.startsWith('msg=audit(', sp + 1)) return null;
    const open = sp + 11;
    const close = line.indexOf('):', open);
    const colon = line.indexOf(':', open);
    if (close < 0 || colon < 0 || colon > close) return null;
    const dot = line.indexOf('.', open);
    const secs = digitsAt(line, open, dot > 0 && dot < colon ? dot : colon);
    const ms = dot > 0 && dot < colon ? digitsAt(line, dot + 1, colon) : 0;
    const serial = digitsAt(line, colon + 1, close);
    if (Number.isNaN(secs) || Number.isNaN(serial)) return null;
    const stamp = line.slice(open, close);
    const fields = builder;
    fields.begin();
    fields.set(F.auditdRecordType, type);
    fields.set(F.auditdSerial, serial);
    if (node) fields.set(F.hostName, node);
    const execve = type === 'EXECVE';
    lineNo = lineNo >= Number.MAX_SAFE_INTEGER ? 1 : lineNo + 1;
    const c = cursor;
    resetKv(c, line, close + 2, line.length);
    while (nextKv(c)) visitPair(fields, keySpec(line, c.keyStart, c.keyEnd, c.hash), c.value, c.quoted, execve);
    // USER_* records nest their own pairs in `msg='op=… acct=… res=…'`.
    const inner = fields.get(dataName('msg'));
    const innerStart = line.indexOf(" msg='", close);
    if (inner === undefined && innerStart > 0) {
      const end = line.indexOf("'", innerStart + 6);
      resetKv(c, line, innerStart + 6, end > 0 ? end : line.length);
      while (nextKv(c)) visitPair(fields, keySpec(line, c.keyStart, c.keyEnd, c.hash), c.value, c.quoted, false);
    }
    if (type === 'EXECVE') execveArgs(fields);
    fields.set(F.eventAction, ACTION[type] ?? type.toLowerCase());
    fields.set(F.eventCategory, CATEGORY[type] ?? 'process');
    // SELinux/AppArmor decisions: `avc:  denied  { write }`.
    if (fields.get(F.eventOutcome) === undefined) fields.set(F.eventOutcome, type === 'AVC' ? (line.includes(' denied ') ? 'failure' : line.includes(' granted ') ? 'success' : 'unknown') : 'unknown');
    return {
      parser: AUDITD,
      time: secs * 1000 + (Number.isNaN(ms) ? 0 : ms),
      fields: fields.build(),
      joinKey: `${node ?? ''}:${stamp}`,
    };
  },
};

/** Record types whose action names the joined event, most telling first. */
const PRIMARY = ['EXECVE', 'USER_CMD', 'USER_LOGIN', 'USER_AUTH', 'ADD_USER', 'DEL_USER', 'USER_CHAUTHTOK', 'CONFIG_CHANGE', 'SYSCALL'];

/** Merges records sharing a `joinKey` into one event (pure). Lines without a key pass through;
 *  the merged event takes the place of its first record. Field values of the first record that
 *  sets a field win, except the command line (EXECVE's decoded arguments beat PROCTITLE). */
export function joinAuditRecords(lines: readonly ParsedLine[]): ParsedLine[] {
  const groups = new Map<string, ParsedLine[]>();
  const out: (ParsedLine | string)[] = [];
  for (const l of lines) {
    if (!l.joinKey) {
      out.push(l);
      continue;
    }
    const g = groups.get(l.joinKey);
    if (g) g.push(l);
    else {
      groups.set(l.joinKey, [l]);
      out.push(l.joinKey);
    }
  }
  return out.map((x) => (typeof x === 'string' ? merge(groups.get(x) as ParsedLine[]) : x));
}

function merge(records: ParsedLine[]): ParsedLine {
  const first = records[0] as ParsedLine;
  if (records.length === 1) return first;
  const fields = newFields();
  const types: string[] = [];
  const paths: string[] = [];
  let primary: ParsedLine | undefined;
  let rank = PRIMARY.length;
  for (const r of records) {
    const type = String(r.fields[F.auditdRecordType]);
    types.push(type);
    const p = PRIMARY.indexOf(type);
    if (p >= 0 && p < rank) {
      rank = p;
      primary = r;
    }
    if (type === 'PATH' && typeof r.fields[F.filePath] === 'string') paths.push(r.fields[F.filePath] as string);
    for (const [k, v] of Object.entries(r.fields)) {
      if (v === undefined) continue;
      if (fields[k] === undefined || (k === F.processCommandLine && type === 'EXECVE') || (k === F.processArgs && type === 'EXECVE')) fields[k] = v;
      else if (k.startsWith(FIELD_PREFIX.auditd) && fields[k] !== v) fields[`${FIELD_PREFIX.auditd}${type.toLowerCase()}.${k.slice(FIELD_PREFIX.auditd.length)}`] = v;
    }
  }
  const main = primary ?? first;
  fields[F.auditdRecordType] = String(main.fields[F.auditdRecordType]);
  fields['auditd.log.record_types'] = types;
  if (paths.length > 0) fields['auditd.paths'] = paths;
  fields[F.eventAction] = main.fields[F.eventAction];
  fields[F.eventCategory] = main.fields[F.eventCategory];
  const outcomeOf = records.map((r) => r.fields[F.eventOutcome]).find((o) => o === 'success' || o === 'failure');
  fields[F.eventOutcome] = outcomeOf ?? 'unknown';
  const joined: ParsedLine = { parser: AUDITD, fields, joinKey: first.joinKey as string };
  if (first.time !== undefined) joined.time = first.time;
  return joined;
}
