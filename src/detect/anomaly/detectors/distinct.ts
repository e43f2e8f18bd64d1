// High distinct counts: one source IP touching many users or hosts in a window, against the
// same entity's own baseline of distinct values. Touching one value is the common case and
// is not stored: a distinct series holds only windows with two or more values, and an entity
// without one is judged against zeros since the entity (or the tenant) was first seen.
import { sparseBaseline, surpriseOfZ, zAbove, type Baseline } from '../baseline.ts';
import type { EntityType } from '../config.ts';
import { pairKind } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import { DISTINCT_BASE, entityA, seriesName } from '../series-table.ts';
import type { DetectorContext, WindowDetector } from './detector.ts';
import { entityOfField, entityTypeOfField } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { ratio, slotBaseline } from './series.ts';

/** Distinct counts at or below this are not stored (absent windows read as zero). */
const FLOOR = 1;
/** Values named in a finding's reason. */
const SHOWN = 5;
const NONE = new Int32Array(0);

/** The fields of a distinct series' kind and the entity type of its first, per window (a
 *  window judges thousands of distinct series of a handful of kinds). */
interface Kind {
  field: string;
  watched: string;
  type: EntityType | undefined;
}

function kindsOf(ctx: DetectorContext): (a: number) => Kind {
  const known = new Map<number, Kind>();
  return (a) => {
    let k = known.get(a);
    if (!k) {
      const [field = '', watched = ''] = ctx.model.strings.str(DISTINCT_BASE - a).split('|');
      known.set(a, (k = { field, watched, type: entityTypeOfField(ctx.config, field) }));
    }
    return k;
  };
}

/** When the entity of a distinct series was first seen (a new address, a template: the tenant's start). */
function entityCreated(ctx: DetectorContext, kind: Kind, b: number): number | null {
  const slot = kind.type !== undefined ? ctx.model.series.slot(entityA(kind.type), b) : -1;
  return slot >= 0 ? ctx.model.series.createdAt(slot) : ctx.model.firstWindow;
}

export const distinctDetector: WindowDetector = {
  name: 'distinct',
  detect(ctx) {
    const out: FindingDraft[] = [];
    const c = ctx.config;
    const { model, features } = ctx;
    const d = features.distinct;
    const named: { kind: string; entity: number; values: string[] }[] = [];
    const kindOf = kindsOf(ctx);
    for (let slot = 0; slot < d.size; slot++) {
      const n = d.count(slot);
      if (n <= FLOOR + 1) continue;
      const a = d.a(slot);
      const b = d.b(slot);
      const kind = kindOf(a);
      // The distinct series, or an empty one dated from when the entity itself was first seen.
      const ss = model.series.slot(a, b);
      let base: Baseline | undefined;
      if (ss >= 0) {
        if (n <= model.series.accepted(ss)) continue;
        base = slotBaseline(ctx, ss);
      } else {
        const created = entityCreated(ctx, kind, b);
        if (created === null) continue;
        base = sparseBaseline(created, NONE, NONE, 0, features.window, ctx.slotsPerDay, c.seasonalSamples, c.minHistory, c.historyPeriods);
      }
      if (!base) continue;
      const surprise = surpriseOfZ(zAbove(base, n));
      if (surprise < MIN_SURPRISE) continue;
      const { field, watched } = kind;
      const values: string[] = [];
      named.push({ kind: pairKind(field, watched), entity: b, values });
      out.push({
        detector: 'distinct',
        kind: 'distinct-spike',
        entity: entityOfField(c, field, model.strings.str(b)),
        key: `series:${seriesName(model.strings, a, b)}`,
        surprise,
        reason: `touched ${n} distinct ${watched} vs a median of ${base.expected} (${ratio(n, base.expected)})`,
        expected: base.expected,
        actual: n,
        samples: [],
      });
    }
    // The values each flagged entity touched, one pass over each pair table for all of them.
    for (const kind of new Set(named.map((x) => x.kind))) {
      const pairs = features.distinctPairs.get(kind);
      if (!pairs) continue;
      const wanted = new Map(named.filter((x) => x.kind === kind).map((x) => [x.entity, x.values]));
      const [entities, values] = pairs.swapped ? [pairs.keys.b, pairs.keys.a] : [pairs.keys.a, pairs.keys.b];
      for (let p = 0; p < pairs.keys.size; p++) {
        const shown = wanted.get(entities[p] ?? 0);
        if (shown && shown.length < SHOWN) shown.push(model.strings.str(values[p] ?? 0));
      }
    }
    named.forEach((x, i) => {
      const f = out[i];
      if (f) f.reason += `: ${x.values.join(', ')}${(f.actual ?? 0) > SHOWN ? ', …' : ''}`;
    });
    return out;
  },
  learn(ctx) {
    const w = ctx.features.window;
    const d = ctx.features.distinct;
    const kindOf = kindsOf(ctx);
    for (let slot = 0; slot < d.size; slot++) {
      const n = d.count(slot);
      if (n <= FLOOR) continue;
      const a = d.a(slot);
      const b = d.b(slot);
      const table = ctx.model.series;
      const known = table.slot(a, b);
      table.record(known >= 0 ? known : table.add(a, b, entityCreated(ctx, kindOf(a), b) ?? w), w, n);
    }
  },
};
