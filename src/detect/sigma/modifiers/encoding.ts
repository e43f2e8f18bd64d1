// Encoding modifiers: base64, base64offset and the UTF-16 family. The UTF-16 encoders produce
// bytes (one char per byte) so a following base64 encodes exactly what Windows would have.
import { Buffer } from 'node:buffer';
import { hasWildcards, mapText, normalise, plainText } from '../sigma-string.ts';
import { asSigmaString, ModifierError, type ValueSpec } from '../value-spec.ts';
import { perValue } from './modifier.ts';

function bytesOf(v: ValueSpec, name: string): Buffer {
  const s = asSigmaString(v, name);
  if (hasWildcards(s)) throw new ModifierError(`'${name}' cannot encode a value with wildcards`);
  const text = plainText(s);
  return Buffer.from(text, v.kind === 'string' && v.bytes ? 'latin1' : 'utf8');
}

export const base64 = perValue('base64', (v): ValueSpec => ({ kind: 'string', pattern: [bytesOf(v, 'base64').toString('base64')].filter(Boolean) }));

// The three shifts of a value inside a longer base64 text: the first and last characters
// depend on the neighbouring bytes, so they are cut (the same offsets pySigma uses).
const START = [0, 2, 3] as const;
const END = [undefined, -3, -2] as const;

export const base64offset = perValue('base64offset', (v): ValueSpec[] => {
  const bytes = bytesOf(v, 'base64offset');
  const out: ValueSpec[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const text = encoded.slice(START[shift], END[(bytes.length + shift) % 3]);
    out.push({ kind: 'string', pattern: text ? [text] : [] });
  }
  return out;
});

function utf16(name: string, encode: (text: string) => string, bom = '') {
  return perValue(name, (v): ValueSpec => {
    if (v.kind === 'string' && v.bytes) throw new ModifierError(`'${name}' applied twice`);
    return { kind: 'string', pattern: normalise([bom, ...mapText(asSigmaString(v, name), encode)]), bytes: true };
  });
}

const le = (t: string) => Buffer.from(t, 'utf16le').toString('latin1');
const be = (t: string) => Buffer.from(t, 'utf16le').swap16().toString('latin1');

export const utf16le = utf16('utf16le', le);
export const wide = utf16('wide', le);
export const utf16be = utf16('utf16be', be);
/** Byte order mark (FF FE) then little-endian, as Windows writes it. */
export const utf16Bom = utf16('utf16', le, '\xff\xfe');
