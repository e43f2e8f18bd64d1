// Rule reload without a restart. A RulesetReloader keeps the layered ruleset of one tenant
// (global rule folders, mappings, the tenant's rules/filters/mappings/lists) and rebuilds it
// when a file under those folders changes (fs.watch, debounced: an editor's save is several
// events). A rebuild that brings errors the active ruleset did not have — a YAML slip, a bad
// condition — is refused: the previous good ruleset stays active and the errors are reported
// with file and line; the next good save applies. Errors already present when the ruleset was
// accepted (a rejected SigmaHQ rule, say) do not block later reloads.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { globalLayerDir, tenantLayerDir } from '../../core/layer-dirs.ts';
import { LocatedError, errorMessage } from '../../core/errors.ts';
import { buildLayeredRuleset, type LayeredRuleset, type RulesetSources } from './layering.ts';

export const DEFAULT_DEBOUNCE_MS = 250;

export interface ReloaderOptions {
  debounceMs?: number;
  /** A new ruleset was built without new errors and is now active. */
  onReload?: (layered: LayeredRuleset) => void;
  /** A rebuild had new errors: the previous ruleset stays active. */
  onRejected?: (errors: LocatedError[]) => void;
  /** The ruleset already built for these sources (else it is built now). */
  initial?: LayeredRuleset;
}

export type ReloadOutcome = { applied: true; layered: LayeredRuleset } | { applied: false; errors: LocatedError[] };

/** Every folder whose files feed the layered ruleset of these sources. */
export function rulesetDirs(src: RulesetSources): string[] {
  const dirs = [...(src.noBuiltinRules ? [] : [globalLayerDir('rules'), globalLayerDir('filters')]), globalLayerDir('mappings'), ...(src.globalRuleDirs ?? [])];
  if (src.dataDir && src.tenant) {
    for (const kind of ['rules', 'filters', 'mappings', 'lists'] as const) dirs.push(tenantLayerDir(src.dataDir, src.tenant, kind));
  }
  return [...new Set(dirs.map((d) => resolve(d)))];
}

const errorKey = (e: LocatedError) => `${e.location.file ?? ''}\u0000${e.message}`;

export class RulesetReloader {
  private active: LayeredRuleset;
  private readonly dirs: string[];
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly sources: RulesetSources,
    private readonly options: ReloaderOptions = {},
  ) {
    this.active = options.initial ?? buildLayeredRuleset(sources);
    this.dirs = rulesetDirs(sources);
  }

  get current(): LayeredRuleset {
    return this.active;
  }

  /** Starts watching. Existing rule folders are watched recursively (they are small). A folder
   *  that does not exist yet (a tenant's first rule) is awaited through its nearest existing
   *  parent, watched alone and not recursively: that parent may be the data directory, whose
   *  database files change on every write, and a recursive watch there costs every commit. */
  start(): this {
    const waiting = new Map<string, Set<string>>();
    for (const d of this.dirs) {
      if (existsSync(d)) {
        this.watch(d, true, () => this.schedule());
        continue;
      }
      let p = d;
      while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
      // The name, inside the parent, of the next folder on the way to d.
      const next = relative(p, d).split(sep)[0] ?? '';
      const names = waiting.get(p) ?? new Set<string>();
      names.add(next);
      waiting.set(p, names);
    }
    for (const [parent, names] of waiting) {
      this.watch(parent, false, (name) => {
        if (name !== null && !names.has(name)) return;
        // A folder on the way appeared: watch again from scratch, and reload in case it
        // arrived with rule files already in it (a copy, an unpacked archive).
        this.rearm();
        this.schedule();
      });
    }
    return this;
  }

  private watch(dir: string, recursive: boolean, onChange: (name: string | null) => void): void {
    try {
      const w = watch(dir, { recursive }, (_event, name) => onChange(name === null ? null : name.toString()));
      w.on('error', () => this.schedule());
      this.watchers.push(w);
    } catch {
      // A folder removed between the check and the watch: the next reload() still works.
    }
  }

  private rearm(): void {
    if (this.closed) return;
    for (const w of this.watchers.splice(0)) w.close();
    this.start();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.reload();
    }, this.options.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.timer.unref?.();
  }

  /** Rebuilds now; applies the result unless it has errors the active ruleset did not have. */
  reload(): ReloadOutcome {
    let next: LayeredRuleset;
    try {
      next = buildLayeredRuleset(this.sources);
    } catch (err) {
      const errors = [err instanceof LocatedError ? err : new LocatedError(errorMessage(err), {})];
      this.options.onRejected?.(errors);
      return { applied: false, errors };
    }
    const known = new Set(this.active.errors.map(errorKey));
    const fresh = next.errors.filter((e) => !known.has(errorKey(e)));
    if (fresh.length > 0) {
      this.options.onRejected?.(fresh);
      return { applied: false, errors: fresh };
    }
    this.active = next;
    this.options.onReload?.(next);
    return { applied: true, layered: next };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.splice(0)) w.close();
  }
}
