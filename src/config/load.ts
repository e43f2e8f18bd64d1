// Reads and validates the configuration file. Errors name the file, the line and the key
// (`stegosoc.yaml:4: listen.port: expected number…`), so an operator can fix them at once.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { LocatedError } from '../core/errors.ts';
import { ConfigSchema, type ServerConfig } from './schema.ts';

/** Validates an already parsed object; `file` and `lineOf` only improve the messages. */
export function validateConfig(raw: unknown, file?: string, lineOf: (path: PropertyKey[]) => number | undefined = () => undefined): ServerConfig {
  const result = ConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const messages = result.error.issues.map((i) => {
    const line = lineOf(i.path);
    const where = `${file ?? 'config'}${line ? `:${line}` : ''}`;
    return `${where}: ${i.path.length > 0 ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`;
  });
  throw new LocatedError(`invalid configuration:\n  ${messages.join('\n  ')}`, file ? { file } : {});
}

/** Loads a YAML (or JSON) config file; a relative `dataDir` is taken from the file's folder. */
export function loadConfig(file: string): ServerConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LocatedError(`cannot read configuration: ${(err as Error).message}`, { file });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new LocatedError(`invalid YAML: ${e?.message ?? 'parse error'}`, { file, ...(e?.linePos?.[0] ? { line: e.linePos[0].line } : {}) });
  }
  const lineOf = (path: PropertyKey[]) => {
    // The deepest node that exists on the path: a missing key is reported at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const config = validateConfig(doc.toJS(), file, lineOf);
  return { ...config, dataDir: resolve(dirname(file), config.dataDir) };
}
