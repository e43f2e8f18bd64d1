// Names of the pipeline's counters. Every line read lands in exactly one of: `empty`,
// `parsed:<parser>`, `mined`, `unparsed:<reason>`; so their sum equals `lines`, which is
// what the accounting tests check and what `demo` prints.
export const LINES = 'lines';
export const EMPTY = 'empty';
export const MINED_COUNTER = 'mined';
export const DROPPED = 'dropped';
export const parsedCounter = (parser: string) => `parsed:${parser}`;
export const unparsedCounter = (reason: string) => `unparsed:${reason}`;

export type Counters = Record<string, number>;

export function addCounter(c: Counters, name: string, n = 1): void {
  c[name] = (c[name] ?? 0) + n;
}

export function mergeCounters(into: Counters, from: Readonly<Counters>): void {
  for (const [k, v] of Object.entries(from)) addCounter(into, k, v);
}

/** Lines accounted for by an outcome (everything but `lines` and `dropped`). */
export function accountedLines(c: Readonly<Counters>): number {
  let n = 0;
  for (const [k, v] of Object.entries(c)) {
    if (k === EMPTY || k === MINED_COUNTER || k.startsWith('parsed:') || k.startsWith('unparsed:')) n += v;
  }
  return n;
}

/** Unparsed reasons are free text; a counter name must stay short and not vary per line. */
export function reasonKey(reason: string): string {
  return reason.replace(/\(\d+ bytes\)/, '(N bytes)').slice(0, 120);
}
