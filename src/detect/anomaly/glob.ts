// Globs in operator-written configuration (suppressions, session sources): `*` matches any
// run of characters (`/` included, since entity values and sources are not paths to walk),
// `?` one character, the rest is literal. Compiled with RE2 (re2js), so no pattern an
// operator writes can make matching hang.
import { RE2JS } from 're2js';

export function compileGlob(glob: string): (text: string) => boolean {
  let pattern = '';
  let literal = '';
  const flush = () => {
    if (literal) pattern += RE2JS.quote(literal);
    literal = '';
  };
  for (const c of glob) {
    if (c === '*' || c === '?') {
      flush();
      // Runs of `*` (as in `**`) are one wildcard.
      if (c === '?') pattern += '.';
      else if (!pattern.endsWith('.*')) pattern += '.*';
    } else literal += c;
  }
  flush();
  const re = RE2JS.compile(`^(?:${pattern})$`, RE2JS.DOTALL);
  return (text) => re.matcher(text).matches();
}
