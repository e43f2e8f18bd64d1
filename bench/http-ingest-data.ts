// The HTTP ingest benchmark's own generated data (written by us, deterministic): NDJSON
// events of the shape a log shipper forwards, and the user names queries filter on.
export const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const ACTIONS = ['login', 'logout', 'file-read', 'file-write', 'process-start', 'dns-query', 'http-request'];

/** Deterministic NDJSON lines, shaped like what Vector or Fluent Bit forward (ECS-style). */
export function batchBody(worker: number, seq: number, n: number, start: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = (worker * 1_000_003 + seq * n + i) >>> 0;
    out.push(JSON.stringify({
      '@timestamp': new Date(start + (k % 86_400) * 1000).toISOString(),
      host: { name: `host-${k % 20}` },
      user: { name: USERS[k % USERS.length] },
      source: { ip: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`, port: 1024 + (k % 60000) },
      event: { action: ACTIONS[k % ACTIONS.length], outcome: k % 13 === 0 ? 'failure' : 'success' },
      message: `request ${k} from worker ${worker} seq ${seq} took ${k % 997} ms`,
    }));
  }
  return `${out.join('\n')}\n`;
}

