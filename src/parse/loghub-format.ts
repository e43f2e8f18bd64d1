// Loghub's header notation (`<Date> <Time> <Level> <Component>: <Content>`), as the logpai
// benchmarks read it: `<Name>` is a lazily matched field, runs of spaces match any whitespace,
// everything else is regex text (so `\[` is a literal bracket and `(…)?` an optional group),
// anchored at both ends. The notation is user input, so it is compiled with RE2 (re2js): a
// hostile format cannot make matching hang.
import { RE2JS } from 're2js';
import { LocatedError } from '../core/errors.ts';

export interface LogFormat {
  /** Field names in the order they appear, `Content` among them. */
  readonly fields: readonly string[];
  /** Header fields and content of a line, or null when the line does not fit the format. */
  split(line: string): { header: Record<string, string>; content: string } | null;
}

const FIELD = /<([^<>]+)>/g;

export function compileLogFormat(format: string): LogFormat {
  const fields: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of format.matchAll(FIELD)) {
    pattern += literal(format.slice(last, m.index));
    const name = m[1] ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new LocatedError(`log format: field name <${name}> must be letters, digits and _`, { column: m.index + 1 });
    }
    if (fields.includes(name)) throw new LocatedError(`log format: field <${name}> appears twice`, { column: m.index + 1 });
    fields.push(name);
    pattern += `(?P<${name}>.*?)`;
    last = m.index + m[0].length;
  }
  pattern += literal(format.slice(last));
  if (!fields.includes('Content')) throw new LocatedError('log format: it must contain a <Content> field');
  let re: RE2JS;
  try {
    re = RE2JS.compile(`^${pattern}$`, RE2JS.DOTALL);
  } catch (err) {
    throw new LocatedError(`log format: not a valid pattern (${err instanceof Error ? err.message : String(err)})`, {}, { cause: err });
  }
  return {
    fields,
    split(line) {
      const m = re.matcher(line);
      if (!m.matches()) return null;
      const header: Record<string, string> = {};
      let content = '';
      for (const f of fields) {
        const v = m.group(f) ?? '';
        if (f === 'Content') content = v;
        else header[f] = v;
      }
      return { header, content };
    },
  };
}

/** Literal text between fields: spaces become `\s+`, the rest stays regex text as in logparser. */
function literal(text: string): string {
  return text.replace(/ +/g, '\\s+');
}
