// High distinct counts: one source IP touching many users or hosts in a window, against the
// same entity's own baseline of distinct values. Touching one value is the common case and
// is not stored: a distinct series holds only windows with two or more values, and an entity
// without one is judged against zeros since the entity (or the tenant) was first seen.
import { seriesBaseline, surpriseOfZ, zAbove } from '../baseline.ts';
import { pairKind } from '../features.ts';
import type { FindingDraft } from '../finding.ts';
import type { Series } from '../model.ts';
import { DISTINCT_BASE, entityA, seriesName } from '../series-table.ts';
import type { DetectorContext, WindowDetector } from './detector.ts';
import { entityOfField, entityTypeOfField } from './entity-ref.ts';
import { MIN_SURPRISE } from './rates.ts';
import { ratio } from './series.ts';

/** Distinct counts at or below this are not stored (absent windows read as zero). */
const FLOOR = 1;
/** Values named in a finding's reason. */
const SHOWN = 5;

function fieldsOf(ctx: DetectorContext, a: number): [string, string] {
  const [entity = '', watched = ''] = ctx.model.strings.str(DISTINCT_BASE - a).split('|');
  return [entity, watched];
}

/** When the entity of a distinct series was first seen (a new address, a template: the tenant's start). */
function entityCreated(ctx: DetectorContext, a: number, b: number): number | null {
  const type = entityTypeOfField(ctx.config, fieldsOf(ctx, a)[0]);
  const slot = type !== undefined ? ctx.model.series.slot(entityA(type), b) : -1;
  return slot >= 0 ? ctx.model.series.createdAt(slot) : ctx.model.firstWindow;
}

/** The distinct series, or an empty one dated from when the entity itself was first seen. */
function seriesOf(ctx: DetectorContext, a: number, b: number): Series | undefined {
  const s = ctx.model.series.get(a, b);
  if (s) return s;
  const created = entityCreated(ctx, a, b);
  return created === null ? undefined : { created, last: created, windows: [], counts: [] };
}

export const distinctDetector: WindowDetector = {
  name: 'distinct',
  detect(ctx) {
    const out: FindingDraft[] = [];
    const c = ctx.config;
    const { model, features } = ctx;
    const d = features.distinct;
    const named: { kind: string; entity: number; values: string[] }[] = [];
    for (let slot = 0; slot < d.size; slot++) {
      const n = d.count(slot);
      if (n <= FLOOR + 1) continue;
      const a = d.a(slot);
      const b = d.b(slot);
      const s = seriesOf(ctx, a, b);
      if (!s || n <= (s.accepted ?? 0)) continue;
      const base = seriesBaseline(s, features.window, ctx.slotsPerDay, c.seasonalSamples, c.minHistory, c.historyPeriods);
      if (!base) continue;
      const surprise = surpriseOfZ(zAbove(base, n));
      if (surprise < MIN_SURPRISE) continue;
      const [field, watched] = fieldsOf(ctx, a);
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
      const pairs = features.pairs.get(kind);
      const wanted = new Map(named.filter((x) => x.kind === kind).map((x) => [x.entity, x.values]));
      for (let p = 0; pairs && p < pairs.size; p++) {
        const values = wanted.get(pairs.a(p));
        if (values && values.length < SHOWN) values.push(model.strings.str(pairs.b(p)));
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
    for (let slot = 0; slot < d.size; slot++) {
      const n = d.count(slot);
      if (n <= FLOOR) continue;
      const a = d.a(slot);
      const b = d.b(slot);
      const table = ctx.model.series;
      const known = table.slot(a, b);
      table.record(known >= 0 ? known : table.add(a, b, entityCreated(ctx, a, b) ?? w), w, n);
    }
  },
};
