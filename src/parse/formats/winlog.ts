// Windows event log records exported as JSON, in the two shapes tools write: EVTX-to-JSON
// (`{"Event":{"System":{…},"EventData":{…}}}`, attributes as `#attributes`/`@Name`, data items as
// `{"@Name":…,"#text":…}`) and Winlogbeat (`{"winlog":{"event_id":…,"event_data":{…}}}`).
// Both become `winlog.*`, `winlog.event_data.*`, `winlog.system.*` plus the ECS fields they map to.
import type { Fields } from '../../core/event.ts';
import { F, FIELD_PREFIX } from '../../core/fields.ts';
import type { ParsedLine } from '../types.ts';
import { at, flattenInto, str } from './json-flatten.ts';
import { isIp, toInt } from './scan.ts';

export const WINLOG = 'winlog';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** An XML-ish JSON node's text: a scalar, `#text`, or `{"#attributes":…}` with nothing else. */
function text(v: unknown): string | undefined {
  const o = obj(v);
  if (o) return str(o['#text']) ?? str(o.text) ?? str(o.Value);
  return str(v);
}

/** An attribute of an XML-ish JSON node: `{"#attributes":{"Name":x}}`, `{"@Name":x}` or `{"Name":x}`. */
function attr(v: unknown, name: string): string | undefined {
  const o = obj(v);
  if (!o) return undefined;
  return str(obj(o['#attributes'])?.[name]) ?? str(o[`@${name}`]) ?? str(o[name]);
}

export function isWinlogRecord(o: Obj): boolean {
  const ev = obj(o.Event);
  if (ev && obj(ev.System)) return true;
  const w = obj(o.winlog);
  return !!w && (w.event_id !== undefined || w.channel !== undefined);
}

/** EventData in any of its shapes, as name → value. */
function eventData(v: unknown): Obj {
  const o = obj(v);
  if (!o) return {};
  const data = o.Data;
  if (Array.isArray(data)) {
    const out: Obj = {};
    data.forEach((d, k) => {
      const name = attr(d, 'Name');
      out[name ?? `param${k + 1}`] = text(d) ?? (typeof d === 'object' ? '' : d);
    });
    return out;
  }
  const single = obj(data);
  if (single && attr(single, 'Name')) return { [attr(single, 'Name') as string]: text(single) };
  const out: Obj = {};
  for (const [k, val] of Object.entries(o)) if (k !== '#attributes' && !k.startsWith('@')) out[k] = val;
  return out;
}

const LOGON_ACTIONS: Record<number, [string, string, string]> = {
  4624: ['logged_in', 'success', 'authentication'],
  4625: ['logon_failed', 'failure', 'authentication'],
  4634: ['logged_out', 'success', 'session'],
  4647: ['logged_out', 'success', 'session'],
  4648: ['logged_in_explicit', 'success', 'authentication'],
  4672: ['special_privileges_assigned', 'success', 'iam'],
  4688: ['process_created', 'success', 'process'],
  4689: ['process_exited', 'success', 'process'],
  4697: ['service_installed', 'success', 'configuration'],
  4698: ['scheduled_task_created', 'success', 'configuration'],
  4719: ['audit_policy_changed', 'success', 'configuration'],
  4720: ['user_account_created', 'success', 'iam'],
  4722: ['user_account_enabled', 'success', 'iam'],
  4723: ['password_change_attempted', 'unknown', 'iam'],
  4724: ['password_reset_attempted', 'unknown', 'iam'],
  4725: ['user_account_disabled', 'success', 'iam'],
  4726: ['user_account_deleted', 'success', 'iam'],
  4728: ['group_member_added', 'success', 'iam'],
  4732: ['group_member_added', 'success', 'iam'],
  4756: ['group_member_added', 'success', 'iam'],
  4738: ['user_account_changed', 'success', 'iam'],
  4740: ['user_account_locked', 'success', 'iam'],
  4768: ['kerberos_tgt_requested', 'unknown', 'authentication'],
  4769: ['kerberos_service_ticket_requested', 'unknown', 'authentication'],
  4771: ['kerberos_preauth_failed', 'failure', 'authentication'],
  4776: ['credential_validated', 'unknown', 'authentication'],
  1102: ['audit_log_cleared', 'success', 'configuration'],
  7045: ['service_installed', 'success', 'configuration'],
};

const SYSMON_ACTIONS: Record<number, [string, string]> = {
  1: ['process_created', 'process'],
  3: ['network_connection', 'network'],
  5: ['process_terminated', 'process'],
  7: ['image_loaded', 'process'],
  8: ['remote_thread_created', 'process'],
  10: ['process_accessed', 'process'],
  11: ['file_created', 'file'],
  12: ['registry_event', 'configuration'],
  13: ['registry_value_set', 'configuration'],
  22: ['dns_query', 'network'],
  23: ['file_deleted', 'file'],
};

/** Windows writes pids in hex (`0x1a4`) in Security events, decimal elsewhere. */
function pid(v: unknown): number | undefined {
  const s = str(v);
  if (!s) return undefined;
  if (s.startsWith('0x')) {
    const n = parseInt(s.slice(2), 16);
    return Number.isNaN(n) ? undefined : n;
  }
  return toInt(s);
}

function ecs(f: Fields, d: Obj, id: number, provider: string): void {
  const set = (field: string, v: unknown) => {
    const s = str(v);
    if (s && s !== '-' && f[field] === undefined) f[field] = s;
  };
  // Logon events name the account in Target*, others in Subject*; Sysmon uses User (DOMAIN\name).
  set(F.userName, d.TargetUserName);
  set(F.userDomain, d.TargetDomainName);
  set(F.userName, d.SubjectUserName);
  set(F.userDomain, d.SubjectDomainName);
  const user = str(d.User);
  if (user && f[F.userName] === undefined) {
    const slash = user.indexOf('\\');
    f[F.userName] = slash >= 0 ? user.slice(slash + 1) : user;
    if (slash > 0) f[F.userDomain] = user.slice(0, slash);
  }
  const ip = str(d.IpAddress) ?? str(d.SourceIp) ?? str(d.SourceAddress);
  if (ip && isIp(ip.replace(/^::ffff:/, ''))) f[F.sourceIp] = ip.replace(/^::ffff:/, '');
  const sport = toInt(str(d.IpPort) ?? str(d.SourcePort));
  if (sport) f[F.sourcePort] = sport;
  const dip = str(d.DestinationIp);
  if (dip && isIp(dip)) f[F.destinationIp] = dip;
  const dport = toInt(str(d.DestinationPort));
  if (dport !== undefined) f[F.destinationPort] = dport;
  set(F.processExecutable, d.NewProcessName ?? d.Image);
  set(F.processCommandLine, d.CommandLine);
  set(F.processParentName, d.ParentProcessName ?? d.ParentImage);
  set(F.processParentCommandLine, d.ParentCommandLine);
  const p = pid(d.NewProcessId ?? d.ProcessId);
  if (p !== undefined) f[F.processPid] = p;
  const exe = f[F.processExecutable];
  if (typeof exe === 'string') f[F.processName] = exe.slice(Math.max(exe.lastIndexOf('\\'), exe.lastIndexOf('/')) + 1);
  set(F.filePath, d.TargetFilename ?? d.ObjectName);
  set(F.serviceName, d.ServiceName);
  set(F.dnsQuestionName, d.QueryName);
  const sysmon = provider === 'Microsoft-Windows-Sysmon';
  const known = sysmon ? SYSMON_ACTIONS[id] : undefined;
  if (known) {
    f[F.eventAction] = known[0];
    f[F.eventCategory] = known[1];
    f[F.eventOutcome] = 'success';
    return;
  }
  const win = LOGON_ACTIONS[id];
  if (win) {
    f[F.eventAction] = win[0];
    f[F.eventOutcome] = win[1];
    f[F.eventCategory] = win[2];
    // Kerberos/NTLM validation: Status 0x0 is success.
    const status = str(d.Status);
    if (win[1] === 'unknown' && status) f[F.eventOutcome] = status === '0x0' ? 'success' : 'failure';
  } else {
    f[F.eventAction] = `windows_event_${id}`;
    f[F.eventOutcome] = 'unknown';
  }
}

export function parseWinlogRecord(o: Obj): ParsedLine {
  const f: Fields = {};
  let time = NaN;
  let id: number;
  let provider: string;
  let data: Obj;
  const ev = obj(o.Event);
  if (ev && obj(ev.System)) {
    const sys = obj(ev.System) as Obj;
    id = toInt(text(sys.EventID)) ?? NaN;
    provider = attr(sys.Provider, 'Name') ?? '';
    const channel = text(sys.Channel);
    const computer = text(sys.Computer);
    if (channel) f[F.winlogChannel] = channel;
    if (computer) {
      f[F.winlogComputerName] = computer;
      f[F.hostName] = computer;
    }
    const created = attr(sys.TimeCreated, 'SystemTime');
    if (created) time = Date.parse(created.includes('Z') || created.includes('+') ? created : `${created}Z`);
    const record = text(sys.EventRecordID);
    if (record) f['winlog.record_id'] = record;
    for (const [k, v] of Object.entries(sys)) {
      if (k === 'EventID' || k === 'Channel' || k === 'Computer') continue;
      const t = text(v);
      if (t !== undefined) f[FIELD_PREFIX.winlogSystem + k] = t;
      else flattenInto(f, obj(v)?.['#attributes'] ?? v, FIELD_PREFIX.winlogSystem + k);
    }
    data = eventData(ev.EventData ?? ev.UserData);
  } else {
    const w = obj(o.winlog) as Obj;
    id = toInt(str(w.event_id)) ?? NaN;
    provider = str(w.provider_name) ?? '';
    const channel = str(w.channel);
    const computer = str(w.computer_name) ?? str(at(o, 'host.name'));
    if (channel) f[F.winlogChannel] = channel;
    if (computer) {
      f[F.winlogComputerName] = computer;
      f[F.hostName] = computer;
    }
    time = Date.parse(str(o['@timestamp']) ?? '');
    const rest: Obj = { ...w };
    delete rest.event_data;
    flattenInto(f, rest, 'winlog');
    data = obj(w.event_data) ?? {};
  }
  if (provider) {
    f[F.winlogProviderName] = provider;
    f[F.eventProvider] = provider;
  }
  if (!Number.isNaN(id)) {
    f[F.winlogEventId] = id;
    f[F.eventCode] = String(id);
  }
  for (const [k, v] of Object.entries(data)) flattenInto(f, v, FIELD_PREFIX.winlogEventData + k);
  ecs(f, data, id, provider);
  const out: ParsedLine = { parser: WINLOG, fields: f };
  if (!Number.isNaN(time)) out.time = time;
  return out;
}
