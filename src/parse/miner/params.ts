// Turning a line's values into named, typed attributes. Names come from the key the template
// gives the value (`uid=<*>` → `uid`) or else from its type (`ip`, `port`, `user`…), made unique
// within the template with `_2`, `_3` so each becomes one attribute of the event.
import type { ParamType } from '../../core/event.ts';
import { WILDCARD } from './mask.ts';

// Words after which a free-text value is an account name: `Invalid user bob`, `for root`.
const USER_HINTS = new Set(['user', 'user:', 'users', 'username', 'username:', 'login', 'account', 'logname', 'ruser', 'for', 'by']);
const USER_KEYS = new Set(['user', 'username', 'ruser', 'logname', 'login', 'account', 'uname']);

/** Names for the `<*>` slots of a template, in order; computed once per template text. */
export function paramNames(templateText: string, types: readonly ParamType[]): string[] {
  const seen = new Map<string, number>();
  const names: string[] = [];
  let from = 0;
  for (let k = 0; k < types.length; k++) {
    const at = templateText.indexOf(WILDCARD, from);
    const key = at >= 0 ? keyBefore(templateText, at) : null;
    from = at >= 0 ? at + WILDCARD.length : templateText.length;
    const base = key ?? types[k] ?? 'word';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    names.push(n === 1 ? base : `${base}_${n}`);
  }
  return names;
}

/** `uid=<*>` or `PendingReds:<*>` → the key, lower-cased to an attribute-friendly form. */
function keyBefore(text: string, at: number): string | null {
  const sep = text.charCodeAt(at - 1);
  if (sep !== 61 && sep !== 58) return null; // = :
  let i = at - 1;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46) i--;
    else break;
  }
  const key = text.slice(i, at - 1);
  if (key.length === 0 || key.length > 40 || !/^[A-Za-z]/.test(key)) return null;
  return key.replace(/\./g, '_').toLowerCase();
}

/** Type of a free-text value that masking did not recognise, from its shape and the word before. */
export function wordType(value: string, prevToken: string | undefined, slotPrefix: string): ParamType {
  const n = slotPrefix.length;
  if (n > 1) {
    const last = slotPrefix.charCodeAt(n - 1);
    if ((last === 61 || last === 58) && USER_KEYS.has(slotPrefix.slice(0, -1).toLowerCase())) return 'user';
  }
  if (prevToken !== undefined && prevToken.length <= 9 && USER_HINTS.has(prevToken.toLowerCase()) && value.length <= 64 && !/[^A-Za-z0-9._$-]/.test(value)) return 'user';
  return looksLikeHost(value) ? 'host' : 'word';
}

/** `a.example.com`: dotted labels of letters, digits and hyphens ending in a lower-case TLD-like label. */
function looksLikeHost(v: string): boolean {
  const n = v.length;
  if (n < 4 || n > 253) return false;
  const dot = v.lastIndexOf('.');
  if (dot <= 0 || n - dot - 1 < 2 || n - dot - 1 > 6) return false;
  for (let i = dot + 1; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  let label = 0;
  for (let i = 0; i < dot; i++) {
    const c = v.charCodeAt(i);
    if (c === 46) {
      if (label === 0) return false;
      label = 0;
    } else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45) label++;
    else return false;
  }
  return label > 0;
}
