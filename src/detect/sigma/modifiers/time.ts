// minute / hour / day / week / month / year: compare one part of the field's date (UTC, as the
// specification does not convert time zones) with the value, exactly or with lt/gt/... after it.
import { ModifierError, type TimePart } from '../value-spec.ts';
import type { Modifier } from './modifier.ts';

function part(name: TimePart): Modifier {
  return {
    name,
    apply(values, flags) {
      if (flags.timePart) throw new ModifierError(`'${name}' after '${flags.timePart}'`);
      flags.timePart = name;
      return values;
    },
  };
}

export const minute = part('minute');
export const hour = part('hour');
export const day = part('day');
export const week = part('week');
export const month = part('month');
export const year = part('year');

/** The part of a date value, or undefined when the value is not a date. Numbers are epoch ms. */
export function extractTimePart(value: string | number, p: TimePart): number | undefined {
  const d = typeof value === 'number' ? new Date(value) : new Date(value.includes('T') || value.includes('Z') ? value : value.replace(' ', 'T') + (value.length > 10 ? 'Z' : ''));
  const t = d.getTime();
  if (Number.isNaN(t)) return undefined;
  switch (p) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    case 'week':
      return isoWeek(d);
  }
}

/** ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dayNum = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dayNum);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7);
}
