// Cheap prefilter for a group of rules (those one log source selects): each rule that has a
// necessary condition ("some value of field F contains text T") is only evaluated when one of
// its needles is found. All needles of one field are searched in one pass with Aho-Corasick,
// so the cost per event grows with the length of the field values, not with the rule count.
import type { EvalContext, FieldAccess } from './detect-event.ts';
import type { Needle } from './compile-item.ts';
import { NeedleAutomaton } from './needle-automaton.ts';

interface FieldGroup {
  access: FieldAccess | null;
  automaton: NeedleAutomaton;
}

export class Prefilter {
  private readonly groups: FieldGroup[] = [];
  /** Rules without a necessary condition: always evaluated. */
  private readonly always: number[] = [];
  private readonly marks: Uint32Array;
  private epoch = 0;
  /** Reused result buffer: valid until the next call. */
  private readonly hits: number[] = [];

  constructor(alternativesOf: readonly Needle[][][]) {
    this.marks = new Uint32Array(alternativesOf.length);
    // How many rules of the group could use each needle: a needle many rules share (the
    // `type: EXECVE` of every auditd rule) is found in most events and selects nothing.
    const keyOf = (n: Needle) => `${n.access ? n.access.key : '\u0000keywords'}\u0002${n.text}`;
    const shared = new Map<string, number>();
    for (const alts of alternativesOf) {
      const seen = new Set<string>();
      for (const a of alts) for (const n of a) seen.add(keyOf(n));
      for (const k of seen) shared.set(k, (shared.get(k) ?? 0) + 1);
    }
    const cost = (a: Needle[]) => a.reduce((sum, n) => sum + (shared.get(keyOf(n)) ?? 1) + 8 / n.text.length + (n.exact ? 2 : 0), 0);
    const chosen = alternativesOf.map((alts) => (alts.length === 0 ? null : alts.reduce((best, a) => (cost(a) < cost(best) ? a : best))));
    const byKey = new Map<string, { access: FieldAccess | null; texts: Map<string, number[]> }>();
    chosen.forEach((needles, ruleIndex) => {
      if (!needles || needles.length === 0) {
        this.always.push(ruleIndex);
        return;
      }
      for (const n of needles) {
        const key = n.access ? n.access.key : '\u0000keywords';
        let g = byKey.get(key);
        if (!g) byKey.set(key, (g = { access: n.access, texts: new Map() }));
        const list = g.texts.get(n.text) ?? [];
        if (!list.includes(ruleIndex)) list.push(ruleIndex);
        g.texts.set(n.text, list);
      }
    });
    for (const g of byKey.values()) {
      this.groups.push({ access: g.access, automaton: new NeedleAutomaton([...g.texts].map(([text, payload]) => ({ text, payload }))) });
    }
  }

  /** Rule indices worth evaluating for this event, in rule order (a buffer reused by the next call). */
  candidates(ctx: EvalContext): readonly number[] {
    const epoch = ++this.epoch === 0xffffffff ? this.resetEpoch() : this.epoch;
    const hits = this.hits;
    const marks = this.marks;
    hits.length = 0;
    for (let gi = 0; gi < this.groups.length; gi++) {
      const g = this.groups[gi] as FieldGroup;
      const values = g.access ? ctx.strings(g.access, true) : ctx.keywords(true);
      const { ascii, out } = g.automaton;
      for (let vi = 0; vi < values.length; vi++) {
        const v = values[vi] as string;
        let s = 0;
        for (let i = 0; i < v.length; i++) {
          const c = v.charCodeAt(i);
          s = c < 128 ? (ascii[s * 128 + c] as number) : g.automaton.stepNonAscii(s, c);
          const o = out[s];
          if (o !== undefined) {
            for (let k = 0; k < o.length; k++) {
              const r = o[k] as number;
              if (marks[r] !== epoch) {
                marks[r] = epoch;
                hits.push(r);
              }
            }
          }
        }
      }
    }
    for (const r of this.always) hits.push(r);
    if (hits.length > 1) hits.sort((a, b) => a - b);
    return hits;
  }

  private resetEpoch(): number {
    this.marks.fill(0);
    this.epoch = 1;
    return 1;
  }
}
