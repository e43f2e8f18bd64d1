// From L1 alerts to attacker positions on the attack graph: which host and which account (or
// cloud principal) an alert says the attacker holds. Only alerts of tactics that mean the
// attacker acts there (execution, privilege escalation, credential access, lateral movement,
// collection, exfiltration, persistence) place the attacker; reconnaissance and failed
// attempts (a scan, a password spray) are evidence of intent, not of a foothold.
import type { Alert } from '../../detect/sigma/alert.ts';
import type { Alert as OverlayAlert } from './overlay.ts';
import type { AndOrGraph } from '../graph.ts';
import { F } from '../../core/fields.ts';

const FOOTHOLD_TACTICS = new Set([
  'attack.execution', 'attack.privilege-escalation', 'attack.credential-access', 'attack.lateral-movement',
  'attack.collection', 'attack.exfiltration', 'attack.persistence', 'attack.defense-evasion',
]);
/** Techniques that are attempts by nature (brute force, scanning): no foothold even when they alert. */
const ATTEMPTS = /^attack\.(t1110|t1595|t1046|t1087)/;
const LEVELS: Record<string, number> = { informational: 1, low: 3, medium: 6, high: 9, critical: 12 };

export interface HostDirectory {
  /** Host names of the inventory (the graph's host constants). */
  names: ReadonlySet<string>;
  /** Inventory address -> host name, for events that name the host only by address. */
  byIp: ReadonlyMap<string, string>;
  /** Numeric uid -> account name, for auditd records that carry only ids. */
  accounts: ReadonlyMap<string, string>;
  /** Host -> the account its web server runs as: what a request that exploits it yields. */
  webAccounts: ReadonlyMap<string, string>;
}

export interface PlacedAlert extends OverlayAlert {
  alertId: string;
}

const str = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' && x !== '-' && x !== 'unset' ? x : undefined);

/** The inventory host an event is about: its host name (short form), else the address it was sent to. */
function hostOf(fields: Record<string, unknown>, dir: HostDirectory): string | undefined {
  const name = str(fields[F.hostName]);
  if (name) {
    const short = name.split('.')[0] as string;
    if (dir.names.has(name)) return name;
    if (dir.names.has(short)) return short;
  }
  const dst = str(fields[F.destinationIp]);
  return dst ? dir.byIp.get(dst) : undefined;
}

/** The account the attacker acts as: the effective user (sudo to root), the user, or the uid's name. */
function accountOf(fields: Record<string, unknown>, dir: HostDirectory): string | undefined {
  const effective = str(fields[F.userEffectiveName]);
  if (effective) return effective;
  const euid = str(fields[F.userEffectiveId]) ?? str(fields[F.userId]);
  const byId = euid !== undefined ? (euid === '0' ? 'root' : dir.accounts.get(euid)) : undefined;
  return byId ?? str(fields[F.userName]);
}

/** The positions an alert proves, as overlay alerts (zero when it proves none). */
export function placeAlert(a: Alert, dir: HostDirectory): PlacedAlert[] {
  const tags = a.rule.tags.map((t) => t.toLowerCase());
  if (!tags.some((t) => FOOTHOLD_TACTICS.has(t)) || tags.some((t) => ATTEMPTS.test(t))) return [];
  const level = LEVELS[a.rule.level] ?? 6;
  const base = { ruleId: a.rule.id, level, time: a.time, alertId: a.id };
  const fields: Record<string, unknown> = a.kind === 'correlation' ? { ...(a.group ?? {}) } : { ...(a.events[0] ?? {}) };
  const cloud = fields[F.cloudProvider] !== undefined || (a.kind === 'correlation' && fields[F.hostName] === undefined && fields[F.userName] !== undefined);
  if (cloud) {
    const principal = str(fields[F.userName]);
    return principal ? [{ ...base, user: principal }] : [];
  }
  if (fields[F.eventOutcome] === 'failure') return [];
  const host = hostOf(fields, dir);
  if (!host) return [];
  // A request to a web server acts as the server's account, whoever the URL names.
  const web = fields[F.urlOriginal] !== undefined ? dir.webAccounts.get(host) : undefined;
  const user = web ?? accountOf(fields, dir);
  return [{ ...base, host, ...(user ? { user } : {}) }];
}

/** Ports whose service is a web server: a request that exploits it runs as that service's account. */
const WEB_PORTS = new Set(['80', '443', '8080', '8443']);

/**
 * A directory from the graph: the hosts it names and each host's web service account, with
 * the inventory's addresses and numeric account ids when given (BuiltGraph has both). Without
 * them, events that name a host only by address, or an account only by a uid other than 0,
 * place host-wide.
 */
export function directoryFromGraph(g: AndOrGraph, inventory?: { hostByAddress: ReadonlyMap<string, string>; accountByUid: ReadonlyMap<string, string> }): HostDirectory {
  const names = new Set<string>();
  const webAccounts = new Map<string, string>();
  for (let f = 0; f < g.facts.count; f++) {
    const pred = g.facts.pred(f);
    if (pred !== 'networkServiceInfo' && pred !== 'inSubnet' && pred !== 'execCode') continue;
    const args = g.facts.args(f);
    const unq = (x: string | undefined) => (x ?? '').replace(/^'(.*)'$/, '$1');
    names.add(unq(args[0]));
    if (pred === 'networkServiceInfo' && WEB_PORTS.has(unq(args[3])) && !webAccounts.has(unq(args[0]))) webAccounts.set(unq(args[0]), unq(args[4]));
  }
  return { names, byIp: inventory?.hostByAddress ?? new Map(), accounts: inventory?.accountByUid ?? new Map(), webAccounts };
}
