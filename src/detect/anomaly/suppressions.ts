// Suppressions and maintenance windows: findings an operator has decided not to see, for good
// or during planned work. Items are layered like everything else an enterprise tailors
// (global `config/suppressions/`, then `<data>/tenants/<tenant>/suppressions/`), resolved with
// the one layering mechanism, resolveLayers.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LocatedError } from '../../core/errors.ts';
import { globalLayerDir, tenantLayerDir } from '../../core/layer-dirs.ts';
import { resolveLayers, tenantLayerName, type Layer } from '../../core/layers.ts';
import type { SuppressionCheck } from './engine.ts';
import type { Finding } from './finding.ts';
import { compileGlob } from './glob.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const WindowSchema = z.union([
  z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict(),
  /** Every day, UTC, `HH:MM` to `HH:MM` (may wrap midnight). */
  z.object({ daily: z.object({ from: z.string().regex(HHMM), to: z.string().regex(HHMM) }).strict() }).strict(),
]);

export const SuppressionSchema = z
  .object({
    id: z.string().min(1),
    reason: z.string().default(''),
    /** Glob on `type:value` (e.g. `host:backup-*`; `*` matches anything, `?` one character). */
    entity: z.string().optional(),
    detector: z.string().optional(),
    kind: z.string().optional(),
    /** Glob on the finding key (e.g. `series:t|host:web1|*`). */
    key: z.string().optional(),
    /** When set, the item applies only inside these windows (a maintenance window). */
    maintenance: z.array(WindowSchema).min(1).optional(),
  })
  .strict();

export type Suppression = z.infer<typeof SuppressionSchema>;

export const SuppressionFileSchema = z
  .object({ suppressions: z.array(SuppressionSchema).default([]), disabled: z.array(z.string()).default([]) })
  .strict();

/** Reads every `*.yaml`/`*.yml` of a layer folder; a bad file is an error naming it. */
export function loadSuppressionLayer(dir: string, name: string): Layer<Suppression> {
  const items: Suppression[] = [];
  const disabled: string[] = [];
  if (!existsSync(dir)) return { name, items };
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const file = join(dir, f);
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      throw new LocatedError(`not valid YAML: ${(err as Error).message}`, { file, ...(line ? { line } : {}) }, { cause: err });
    }
    const parsed = SuppressionFileSchema.safeParse(doc ?? {});
    if (!parsed.success) throw new LocatedError(`invalid suppressions: ${z.prettifyError(parsed.error)}`, { file });
    items.push(...parsed.data.suppressions);
    disabled.push(...parsed.data.disabled);
  }
  return { name, items, disabled };
}

export function loadSuppressions(tenant: string, dataDir?: string): Suppression[] {
  const layers = [loadSuppressionLayer(globalLayerDir('suppressions'), 'global')];
  if (dataDir) layers.push(loadSuppressionLayer(tenantLayerDir(dataDir, tenant, 'suppressions'), tenantLayerName(tenant)));
  return resolveLayers(layers, (s) => s.id).items.map((x) => x.item);
}

function inWindow(w: z.infer<typeof WindowSchema>, t: number): boolean {
  if ('from' in w) return t >= Date.parse(w.from) && t < Date.parse(w.to);
  const minute = Math.floor((t % 86_400_000) / 60_000);
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  const a = toMin(w.daily.from);
  const b = toMin(w.daily.to);
  return a <= b ? minute >= a && minute < b : minute >= a || minute < b;
}

/** Compiles items into the check the engine calls per finding. */
export function suppressionCheck(items: readonly Suppression[]): SuppressionCheck {
  const compiled = items.map((s) => ({
    s,
    entity: s.entity !== undefined ? compileGlob(s.entity) : undefined,
    key: s.key !== undefined ? compileGlob(s.key) : undefined,
  }));
  return (f: Finding) => {
    for (const { s, entity, key } of compiled) {
      if (s.detector !== undefined && s.detector !== f.detector) continue;
      if (s.kind !== undefined && s.kind !== f.kind) continue;
      if (entity && !entity(`${f.entity.type}:${f.entity.value}`)) continue;
      if (key && !key(f.key)) continue;
      if (s.maintenance && !s.maintenance.some((w) => inWindow(w, f.window))) continue;
      return s.id;
    }
    return undefined;
  };
}
