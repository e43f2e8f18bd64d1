// CVSS vectors (v3.0/v3.1 and v2) mapped to MulVAL's exploit range and consequence and to a
// likelihood. The mapping is documented in ../CVSS-MAPPING.md; change both together.
import { LocatedError } from '../../core/errors.ts';

/** MulVAL's three ranges, plus ours for CVSS preconditions MulVAL's model leaves out (rules in
 *  config/interaction/30-cvss-preconditions.dl): `adjacent*` (AV:A, same subnet only), `*Auth`
 *  (PR:L / Au:S, an account on the host first), `*Admin` (PR:H / Au:M, a root account first). */
export type Range =
  | 'remoteExploit'
  | 'remoteClient'
  | 'localExploit'
  | 'remoteExploitAuth'
  | 'remoteExploitAdmin'
  | 'adjacentExploit'
  | 'adjacentExploitAuth'
  | 'adjacentExploitAdmin'
  | 'localExploitAdmin';

/** Ranges of a bug in a network service (a finding on a port is that service). */
export const SERVICE_RANGES: ReadonlySet<Range> = new Set<Range>(['remoteExploit', 'remoteExploitAuth', 'remoteExploitAdmin', 'adjacentExploit', 'adjacentExploitAuth', 'adjacentExploitAdmin']);

type Privileges = VulnProperty['privilegesRequired'];

/** The range from where the attacker must stand (AV), user interaction and privileges required. */
function rangeOf(av: string, userInteraction: boolean, pr: Privileges): Range {
  if (av === 'L' || av === 'P') return pr === 'high' ? 'localExploitAdmin' : 'localExploit';
  if (userInteraction) return 'remoteClient';
  const base = av === 'A' ? 'adjacentExploit' : 'remoteExploit';
  return pr === 'none' ? base : pr === 'low' ? `${base}Auth` : `${base}Admin`;
}
export type Consequence = 'privEscalation' | 'dataLoss' | 'integrityLoss' | 'availabilityLoss';

export interface VulnProperty {
  range: Range;
  consequence: Consequence;
  /** Probability an attempt succeeds, from the CVSS exploitability sub-score (0..1]. */
  likelihood: number;
  /** AV:A (v3) / AV:A (v2): only reachable from the same network segment. */
  adjacentOnly: boolean;
  /** Privileges the attacker needs first (v3 PR, v2 Au). */
  privilegesRequired: 'none' | 'low' | 'high';
  vector: string;
}

function metrics(vector: string, file?: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of vector.replace(/^\(|\)$/g, '').split('/')) {
    const [k, v] = part.split(':');
    if (k && v !== undefined) m.set(k, v);
  }
  if (m.size === 0) throw new LocatedError(`not a CVSS vector: ${JSON.stringify(vector)}`, { file });
  return m;
}

// CVSS v3.1 specification, section 7.4 (exploitability metric weights).
const V3_AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const V3_AC: Record<string, number> = { L: 0.77, H: 0.44 };
const V3_UI: Record<string, number> = { N: 0.85, R: 0.62 };
const V3_PR_U: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const V3_PR_C: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
// CVSS v2 guide, section 3.2.1.
const V2_AV: Record<string, number> = { N: 1.0, A: 0.646, L: 0.395 };
const V2_AC: Record<string, number> = { L: 0.71, M: 0.61, H: 0.35 };
const V2_AU: Record<string, number> = { N: 0.704, S: 0.56, M: 0.45 };

/** Maps a CVSS v3.x or v2 vector (v2 optionally prefixed `CVSS2#`). */
export function mapCvss(vector: string, opts: { userInteraction?: boolean; file?: string } = {}): VulnProperty {
  const clean = vector.replace(/^CVSS2#/, '');
  const m = metrics(clean, opts.file);
  const get = (k: string): string => {
    const v = m.get(k);
    if (v === undefined) throw new LocatedError(`CVSS vector ${JSON.stringify(vector)} lacks ${k}`, { file: opts.file });
    return v;
  };
  const av = get('AV');
  if (clean.startsWith('CVSS:3')) {
    const ui = get('UI');
    const pr = get('PR');
    const scopeChanged = m.get('S') === 'C';
    const c = get('C'), i = get('I'), a = get('A');
    const privilegesRequired: Privileges = pr === 'N' ? 'none' : pr === 'L' ? 'low' : 'high';
    const range = rangeOf(av, ui === 'R', privilegesRequired);
    const exploitability = 8.22 * (V3_AV[av] ?? 0.2) * (V3_AC[get('AC')] ?? 0.44) * ((scopeChanged ? V3_PR_C : V3_PR_U)[pr] ?? 0.27) * (V3_UI[ui] ?? 0.62);
    return {
      range,
      consequence: i === 'H' || (c === 'H' && a === 'H') ? 'privEscalation' : c !== 'N' ? 'dataLoss' : i !== 'N' ? 'integrityLoss' : 'availabilityLoss',
      likelihood: Math.min(1, exploitability / 3.887),
      adjacentOnly: av === 'A',
      privilegesRequired,
      vector,
    };
  }
  const c = get('C'), i = get('I'), a = get('A');
  const au = get('Au');
  const privilegesRequired: Privileges = au === 'N' ? 'none' : au === 'S' ? 'low' : 'high';
  const range = rangeOf(av, Boolean(opts.userInteraction), privilegesRequired);
  const exploitability = 20 * (V2_AV[av] ?? 0.395) * (V2_AC[get('AC')] ?? 0.35) * (V2_AU[au] ?? 0.45);
  return {
    range,
    // As MulVAL's translators: integrity loss (data modification) is what yields code execution.
    consequence: i !== 'N' ? 'privEscalation' : c !== 'N' ? 'dataLoss' : a !== 'N' ? 'availabilityLoss' : 'integrityLoss',
    likelihood: Math.min(1, exploitability / 10),
    adjacentOnly: av === 'A',
    privilegesRequired,
    vector,
  };
}
