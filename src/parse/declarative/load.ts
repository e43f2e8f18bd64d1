// Reads declarative parser files of one layer (a directory of *.yaml). Each definition is
// checked and compiled on its own: a bad one is reported with file:line and the reason, and
// the others still load.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { LocatedError } from '../../core/errors.ts';
import { compileDefinition, type DeclarativeParser } from './compile.ts';
import { parserDefSchema, parserFileSchema } from './schema.ts';

export interface LoadedLayer {
  parsers: DeclarativeParser[];
  disabled: string[];
  errors: LocatedError[];
}

function issues(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Parses one YAML text (the file name is only for messages). */
export function loadParserText(text: string, file: string): LoadedLayer {
  const out: LoadedLayer = { parsers: [], disabled: [], errors: [] };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lc.linePos(node.range[0]).line : undefined);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) out.errors.push(new LocatedError(`invalid YAML: ${e.message.split('\n')[0]}`, { file, line: lc.linePos(e.pos[0]).line }));
    return out;
  }
  const root = doc.contents;
  if (root === null) return out;
  // A bare list is the `parsers` list.
  let items: Node[];
  if (isSeq(root)) items = root.items as Node[];
  else if (isMap(root)) {
    const file_ = parserFileSchema.safeParse(root.toJSON());
    if (!file_.success) {
      out.errors.push(new LocatedError(`invalid parser file: ${issues(file_.error)}`, { file, line: lineOf(root) }));
      return out;
    }
    out.disabled = file_.data.disabled;
    const seq = root.get('parsers', true);
    items = isSeq(seq) ? (seq.items as Node[]) : [];
  } else {
    out.errors.push(new LocatedError('invalid parser file: expected a list of parsers or a mapping with "parsers"', { file, line: lineOf(root) }));
    return out;
  }
  const seen = new Set<string>();
  for (const node of items) {
    const line = lineOf(node);
    const raw = (node as { toJSON?: () => unknown }).toJSON?.() ?? node;
    const parsed = parserDefSchema.safeParse(raw);
    const label = isMap(node) ? String(node.get('name') ?? '') : '';
    if (!parsed.success) {
      out.errors.push(new LocatedError(`parser ${label ? `"${label}" ` : ''}invalid: ${issues(parsed.error)}`, { file, line }));
      continue;
    }
    if (seen.has(parsed.data.name)) {
      out.errors.push(new LocatedError(`parser "${parsed.data.name}" is defined twice in this file`, { file, line }));
      continue;
    }
    try {
      out.parsers.push(compileDefinition(parsed.data));
      seen.add(parsed.data.name);
    } catch (err) {
      out.errors.push(new LocatedError(`parser "${parsed.data.name}" invalid: ${(err as Error).message}`, { file, line }));
    }
  }
  return out;
}

/** Loads every `*.yaml`/`*.yml` of `dir` in name order; a missing directory is an empty layer. */
export function loadParserDir(dir: string): LoadedLayer {
  const out: LoadedLayer = { parsers: [], disabled: [], errors: [] };
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return out;
    names = readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  } catch {
    return out;
  }
  const byName = new Map<string, string>();
  for (const n of names) {
    const file = join(dir, n);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      out.errors.push(new LocatedError(`cannot read: ${(err as Error).message}`, { file }));
      continue;
    }
    const layer = loadParserText(text, file);
    for (const p of layer.parsers) {
      const prev = byName.get(p.name);
      if (prev) {
        out.errors.push(new LocatedError(`parser "${p.name}" is also defined in ${prev}; the later file's definition is used`, { file }));
        out.parsers = out.parsers.filter((q) => q.name !== p.name);
      }
      byName.set(p.name, file);
      out.parsers.push(p);
    }
    out.disabled.push(...layer.disabled);
    out.errors.push(...layer.errors);
  }
  return out;
}
