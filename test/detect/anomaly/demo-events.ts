// Our own demo traffic for the anomaly tests: a small office whose users log in to their
// usual hosts from their usual addresses, hour after hour, with a little noise.
import type { Event } from '../../../src/core/event.ts';
import { F } from '../../../src/core/fields.ts';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);

let seq = 0;

export function event(tenant: string, time: number, fields: Record<string, string>, template = 'sshd/login', source = 'auth.log'): Event {
  const raw = `${new Date(time).toISOString()} ${template} ${Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
  return { id: `${tenant}:${seq++}`, tenant, source, time, ingested: time, raw, parser: 'demo', templateId: template, fields };
}

/** Deterministic pseudo-random numbers, so a test that fails fails the same way every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const USERS = [
  { user: 'alice', host: 'ws-alice', ip: '10.0.0.11' },
  { user: 'bob', host: 'ws-bob', ip: '10.0.0.12' },
  { user: 'carol', host: 'ws-carol', ip: '10.0.0.13' },
];

/** One ordinary hour: each user logs in 8–12 times on their host from their address. */
export function normalHour(tenant: string, hour: number, random: () => number): Event[] {
  const out: Event[] = [];
  const start = T0 + hour * HOUR;
  for (const u of USERS) {
    const n = 8 + Math.floor(random() * 5);
    for (let i = 0; i < n; i++) {
      out.push(event(tenant, start + Math.floor(random() * HOUR), { [F.userName]: u.user, [F.hostName]: u.host, [F.sourceIp]: u.ip }));
    }
  }
  return out.sort((a, b) => a.time - b.time);
}
