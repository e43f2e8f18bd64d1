// Correlation time spans: `number + unit` (s, m, h, d as the specification lists; w accepted too).
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseTimespan(text: string): number {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/.exec(text);
  if (!m) throw new Error(`timespan ${JSON.stringify(text)} is not a number followed by s, m, h or d (e.g. 90m)`);
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  if (ms <= 0) throw new Error(`timespan ${JSON.stringify(text)} must be positive`);
  return ms;
}
