// The table of value modifiers of Sigma 2.1.0: one glance shows what is supported.
import type { Modifier } from './modifier.ts';
import { all, cased, exists, neq } from './generic.ts';
import { contains, endswith, startswith } from './position.ts';
import { windash } from './windash.ts';
import { re, i, m, s } from './regex.ts';
import { base64, base64offset, utf16Bom, utf16be, utf16le, wide } from './encoding.ts';
import { gt, gte, lt, lte } from './numeric.ts';
import { day, hour, minute, month, week, year } from './time.ts';
import { cidr } from './cidr.ts';
import { expand } from './placeholder.ts';
import { fieldref } from './fieldref.ts';

export type { Modifier } from './modifier.ts';

export const MODIFIERS: ReadonlyMap<string, Modifier> = new Map(
  [
    all, cased, exists, neq,
    contains, startswith, endswith,
    windash,
    re, i, m, s,
    base64, base64offset, utf16le, wide, utf16be, utf16Bom,
    lt, lte, gt, gte,
    minute, hour, day, week, month, year,
    cidr,
    expand,
    fieldref,
  ].map((mod) => [mod.name, mod]),
);
