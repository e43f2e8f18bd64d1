// Small tools every demo log writer uses: a seeded random source with the helpers the writers
// need, the time formats of the log families, and a set of files whose lines are kept with
// their times and sorted on output (each file reads like a real log, oldest line first).
import { seededRandom } from '../core/random.ts';
import { DAY_START, HOUR } from './estate.ts';

export class Gen {
  readonly r: () => number;
  constructor(seed: number) {
    this.r = seededRandom(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.r() * 16)];
    return s;
  }
  /** A time in the day, weighted by office hours (`shape` 'office') or flat ('flat'). */
  time(shape: 'office' | 'flat' = 'office'): number {
    const hour = shape === 'flat' ? this.int(0, 23) : this.officeHour();
    return DAY_START + hour * HOUR + Math.floor(this.r() * HOUR);
  }
  private officeHour(): number {
    // Relative activity per hour of the day: a quiet night, a working day, a tail in the evening.
    const total = OFFICE_WEIGHTS.reduce((a, b) => a + b, 0);
    let x = this.r() * total;
    for (let h = 0; h < 24; h++) {
      x -= OFFICE_WEIGHTS[h] as number;
      if (x < 0) return h;
    }
    return 23;
  }
}

const OFFICE_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 8, 10, 10, 10, 9, 7, 4, 3, 2, 2, 1, 1];

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const p2 = (n: number) => String(n).padStart(2, '0');
const hms = (d: Date) => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;

/** RFC 3164: `Nov 27 13:02:11` */
export const syslogTime = (t: number) => {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${hms(d)}`;
};
/** Common log format: `27/Nov/2026:13:02:11 +0000` */
export const clfTime = (t: number) => {
  const d = new Date(t);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)} +0000`;
};
/** Apache error log: `Fri Nov 27 13:02:11.123456 2026` */
export const apacheErrorTime = (t: number) => {
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${hms(d)}.${String(d.getUTCMilliseconds()).padStart(3, '0')}000 ${d.getUTCFullYear()}`;
};
/** Nginx error log: `2026/11/27 13:02:11` */
export const nginxErrorTime = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
export const iso = (t: number) => new Date(t).toISOString();
/** CloudTrail's eventTime has no milliseconds. */
export const isoSeconds = (t: number) => iso(t).replace(/\.\d{3}Z$/, 'Z');

/** Lines of many files, kept with their times; `render` sorts each file by time (stable). */
export class LogSet {
  private readonly files = new Map<string, { t: number; line: string }[]>();
  add(file: string, t: number, line: string): void {
    let list = this.files.get(file);
    if (!list) this.files.set(file, (list = []));
    list.push({ t, line });
  }
  render(): Map<string, string> {
    const out = new Map<string, string>();
    for (const name of [...this.files.keys()].sort()) {
      const list = this.files.get(name) ?? [];
      const sorted = list.map((x, i) => ({ ...x, i })).sort((a, b) => a.t - b.t || a.i - b.i);
      out.set(name, sorted.map((x) => x.line).join('\n') + '\n');
    }
    return out;
  }
}
