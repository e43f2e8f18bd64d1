// expand: `%name%` placeholders are replaced by the values of the tenant's list `name`
// (each value a Sigma string, wildcards allowed); `\%` is a literal percent sign. A rule with
// a placeholder no list defines is refused, as the specification requires.
import { parseSigmaString } from '../sigma-string.ts';
import { ModifierError, rawText, type ValueSpec } from '../value-spec.ts';
import { perValue } from './modifier.ts';

const PLACEHOLDER = /(\\%)|%([^%\s]+)%/g;

export const expand = perValue('expand', (v, _flags, ctx): ValueSpec[] => {
  const text = rawText(v, 'expand');
  // Each part is either fixed text (still a Sigma string, escapes intact) or a list of choices.
  let variants: string[] = [''];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const fixed = text.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1]) {
      variants = variants.map((pre) => pre + fixed + '%');
      continue;
    }
    const name = m[2] as string;
    const list = ctx.placeholder(name);
    if (!list) throw new ModifierError(`placeholder %${name}% has no list (define it in the tenant's lists/ folder)`);
    if (list.length === 0) throw new ModifierError(`placeholder %${name}% has an empty list`);
    variants = variants.flatMap((pre) => list.map((item) => pre + fixed + item));
  }
  variants = variants.map((pre) => pre + text.slice(last));
  return variants.map((t) => ({ kind: 'string', pattern: parseSigmaString(t) }));
});
