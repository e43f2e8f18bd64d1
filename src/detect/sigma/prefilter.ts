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
  /** needle index -> rule indices */
  rules: number[][];
}

export class Prefilter {
  private readonly groups: FieldGroup[] = [];
  /** Rules without a necessary condition: always evaluated. */
  readonly always: number[] = [];
  private readonly marks: Uint32Array;
  private epoch = 0;

  constructor(needlesOf: readonly (Needle[] | null)[]) {
    this.marks = new Uint32Array(needlesOf.length);
    const byKey = new Map<string, { access: FieldAccess | null; texts: Map<string, number[]> }>();
    needlesOf.forEach((needles, ruleIndex) => {
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
      const texts = [...g.texts.keys()];
      this.groups.push({ access: g.access, automaton: new NeedleAutomaton(texts), rules: texts.map((t) => g.texts.get(t) as number[]) });
    }
  }

  /** Rule indices worth evaluating for this event, in rule order. */
  candidates(ctx: EvalContext): number[] {
    const epoch = ++this.epoch === 0xffffffff ? this.resetEpoch() : this.epoch;
    const hits: number[] = [];
    for (const g of this.groups) {
      const values = g.access ? ctx.strings(g.access, true) : ctx.keywords(true);
      for (const v of values) {
        g.automaton.scan(v, (needle) => {
          for (const r of g.rules[needle] as number[]) {
            if (this.marks[r] !== epoch) {
              this.marks[r] = epoch;
              hits.push(r);
            }
          }
        });
      }
    }
    if (hits.length === 0) return this.always;
    for (const r of this.always) hits.push(r);
    return hits.sort((a, b) => a - b);
  }

  private resetEpoch(): number {
    this.marks.fill(0);
    this.epoch = 1;
    return 1;
  }
}
