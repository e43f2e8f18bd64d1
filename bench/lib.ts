// Shared shape of benchmark output: every figure is printed next to its target, so a reader
// sees at a glance what was met; and a figure becomes a BenchResult for the summary.
import type { BenchResult } from './run.ts';

export type Direction = '>=' | '<=';

export function figure(name: string, value: number, direction: Direction, target: number, unit = ''): BenchResult {
  const ok = direction === '>=' ? value >= target : value <= target;
  const fmt = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n < 10 ? 3 : 1));
  process.stdout.write(`  ${ok ? 'ok  ' : 'MISS'} ${name}: ${fmt(value)}${unit}  (target ${direction} ${fmt(target)}${unit})\n`);
  return { name, ok };
}

/** Runs `fn` and returns seconds of wall time (process.hrtime, monotonic). */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ seconds: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

/** Root of the shared, read-only data beside the checkout (never copied into the repository). */
export const SHARED = new URL('../../shared/', import.meta.url).pathname;
