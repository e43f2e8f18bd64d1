// The effective parsers of one tenant: built-ins and global YAML definitions (the global layer)
// with the tenant's YAML definitions layered on top by name (resolveLayers). Tenant definitions
// are tried before global ones; then the built-ins, in the order format detection suggests,
// starting with the parser that last matched the same source.
import type { LocatedError } from '../core/errors.ts';
import { globalLayerDir, tenantLayerDir } from '../core/layer-dirs.ts';
import { resolveLayers, tenantLayerName, type Layer } from '../core/layers.ts';
import type { DeclarativeParser } from './declarative/compile.ts';
import { loadParserDir, type LoadedLayer } from './declarative/load.ts';
import { detectFamily, FAMILY_PARSERS, type Family } from './detect.ts';
import type { JsonFieldMap } from './formats/json-lines.ts';
import type { ProgramParser } from './formats/program.ts';
import { createSyslogParser, SYSLOG, type ProgramTable } from './formats/syslog.ts';
import { BUILTIN_PROGRAM_PARSERS, builtinLineParsers } from './registry.ts';
import type { LineParser, ParseContext, ParsedLine } from './types.ts';

export interface ParserSetOptions {
  tenant: string;
  /** Data directory holding `tenants/<tenant>/parsers/`; without it only the global layer applies. */
  dataDir?: string;
  /** Directory of the global YAML layer (default: the product's `config/parsers/`). */
  globalDir?: string;
  /** Field mapping of the generic JSON-lines parser. */
  jsonFieldMap?: JsonFieldMap;
  /** Lines longer than this (characters) are not parsed (null): the pipeline keeps them unparsed. */
  maxLineLength?: number;
}

/** Where each effective parser came from, for `parsers list`-style reports. */
export interface ParserInfo {
  name: string;
  kind: 'line' | 'program' | 'declarative';
  layer: string;
  overrides: string[];
}

export interface ParserSet {
  readonly tenant: string;
  /** Parses one line; null when no parser reads it (the pipeline then mines or keeps it). Never throws. */
  parse(line: string, ctx: ParseContext): ParsedLine | null;
  /** `parse` over a batch; the result is aligned with `lines`. */
  parseBatch(lines: readonly string[], ctx: ParseContext): (ParsedLine | null)[];
  /** Effective parsers in the order tried. */
  readonly parsers: readonly ParserInfo[];
  /** Definitions that failed to load (file:line and reason); the others are in use. */
  readonly errors: readonly LocatedError[];
  /** Disabled ids no layer defines (likely typos). */
  readonly unknownDisabled: readonly { id: string; layer: string }[];
}

type Item =
  | { kind: 'line'; name: string; parser: LineParser }
  | { kind: 'syslog'; name: string }
  | { kind: 'program'; name: string; parser: ProgramParser }
  | { kind: 'declarative'; name: string; parser: DeclarativeParser };

export const DEFAULT_MAX_LINE_LENGTH = 1 << 20;
/** Bound on remembered sources, so a stream of one-off sources cannot grow memory without end. */
const MAX_REMEMBERED_SOURCES = 10_000;

/** Builds a parser set from layers already loaded (pure apart from what the parsers do). */
export function buildParserSet(tenant: string, global: LoadedLayer, tenantLayer: LoadedLayer | undefined, options: Omit<ParserSetOptions, 'tenant' | 'dataDir' | 'globalDir'> = {}): ParserSet {
  const builtins: Item[] = [
    { kind: 'syslog', name: SYSLOG },
    ...builtinLineParsers({ jsonFieldMap: options.jsonFieldMap }).map((p): Item => ({ kind: 'line', name: p.name, parser: p })),
    ...BUILTIN_PROGRAM_PARSERS.map((p): Item => ({ kind: 'program', name: p.name, parser: p })),
  ];
  const layers: Layer<Item>[] = [
    { name: 'global', items: [...builtins, ...global.parsers.map((p): Item => ({ kind: 'declarative', name: p.name, parser: p }))], disabled: global.disabled },
  ];
  const tenantName = tenantLayerName(tenant);
  if (tenantLayer) {
    layers.push({ name: tenantName, items: tenantLayer.parsers.map((p): Item => ({ kind: 'declarative', name: p.name, parser: p })), disabled: tenantLayer.disabled });
  }
  const resolved = resolveLayers(layers, (i) => i.name);

  // Declarative parsers: tenant layer first, then by priority (stable within equal priority).
  const declarative = resolved.items
    .filter((r) => r.item.kind === 'declarative')
    .map((r, k) => ({ r, k, p: (r.item as { parser: DeclarativeParser }).parser }))
    .sort((a, b) => Number(b.r.layer === tenantName) - Number(a.r.layer === tenantName) || b.p.def.priority - a.p.def.priority || a.k - b.k);

  const table: ProgramTable = { byProgram: new Map(), any: [] };
  const add = (program: string, p: ProgramParser) => {
    if (program === '*') table.any.push(p);
    else {
      const list = table.byProgram.get(program) ?? [];
      list.push(p);
      table.byProgram.set(program, list);
    }
  };
  const lineDeclarative: LineParser[] = [];
  for (const d of declarative) {
    if (d.p.programs.length === 0) lineDeclarative.push(d.p);
    else for (const prog of d.p.programs) add(prog, d.p);
  }
  const lineBuiltins: LineParser[] = [];
  let syslogOn = false;
  for (const r of resolved.items) {
    if (r.item.kind === 'program') for (const prog of r.item.parser.programs) add(prog, r.item.parser);
    else if (r.item.kind === 'line') lineBuiltins.push(r.item.parser);
    else if (r.item.kind === 'syslog') syslogOn = true;
  }
  if (syslogOn) lineBuiltins.unshift(createSyslogParser(table));

  // Per family: the detected parsers first, then every other one as a fallback.
  const byName = new Map(lineBuiltins.map((p) => [p.name, p]));
  const order = new Map<Family, LineParser[]>();
  for (const fam of Object.keys(FAMILY_PARSERS) as Family[]) {
    const first = FAMILY_PARSERS[fam].map((n) => byName.get(n)).filter((p): p is LineParser => p !== undefined);
    order.set(fam, [...first, ...lineBuiltins.filter((p) => !first.includes(p))]);
  }

  const maxLen = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const lastHit = new Map<string, LineParser>();
  // One-entry cache in front of lastHit: lines come in batches of one source, so the source
  // string is usually the very one of the previous line (compared by identity first, no hash).
  let cachedSource: string | undefined;
  let cachedParser: LineParser | undefined;
  const remember = (source: string, p: LineParser) => {
    if (lastHit.size >= MAX_REMEMBERED_SOURCES && !lastHit.has(source)) lastHit.clear();
    lastHit.set(source, p);
    cachedSource = source;
    cachedParser = p;
  };

  function parseOne(line: string, ctx: ParseContext): ParsedLine | null {
    if (line.length === 0 || line.length > maxLen) return null;
    try {
      for (const p of lineDeclarative) {
        const r = p.parse(line, ctx);
        if (r) return r;
      }
      const source = ctx.source;
      if (source !== cachedSource) {
        cachedSource = source;
        cachedParser = lastHit.get(source);
      }
      const last = cachedParser;
      if (last) {
        const r = last.parse(line, ctx);
        if (r) return r;
      }
      const candidates = order.get(detectFamily(line)) as LineParser[];
      for (const p of candidates) {
        if (p === last) continue;
        const r = p.parse(line, ctx);
        if (r) {
          remember(source, p);
          return r;
        }
      }
      return null;
    } catch {
      // A parser fault on odd input must not lose the line: the pipeline keeps it unparsed.
      return null;
    }
  }

  const parsers: ParserInfo[] = [
    ...declarative.map((d) => ({ name: d.p.name, kind: 'declarative' as const, layer: d.r.layer, overrides: d.r.overrides })),
    ...resolved.items
      .filter((r) => r.item.kind !== 'declarative')
      .map((r) => ({ name: r.id, kind: r.item.kind === 'program' ? ('program' as const) : ('line' as const), layer: r.layer, overrides: r.overrides })),
  ];

  return {
    tenant,
    parse: parseOne,
    parseBatch(lines, ctx) {
      const out = new Array<ParsedLine | null>(lines.length);
      for (let k = 0; k < lines.length; k++) out[k] = parseOne(lines[k] as string, ctx);
      return out;
    },
    parsers,
    errors: [...global.errors, ...(tenantLayer?.errors ?? [])],
    unknownDisabled: resolved.unknownDisabled,
  };
}

/** Loads the global layer (built-ins + `config/parsers/`) and the tenant's `parsers/` layer. */
export function createParserSet(options: ParserSetOptions): ParserSet {
  const global = loadParserDir(options.globalDir ?? globalLayerDir('parsers'));
  const tenant = options.dataDir ? loadParserDir(tenantLayerDir(options.dataDir, options.tenant, 'parsers')) : undefined;
  return buildParserSet(options.tenant, global, tenant, options);
}
