// The load generator of http-ingest.bench.ts, run in its own process (forked), so the
// server's process does only the server's work. Concurrent workers post batches — raw
// syslog lines to /ingest/raw and NDJSON to /ingest/json, half each — for a bounded time;
// a batch answered 429 or 503 is re-sent with the same batch id after the Retry-After the
// server gave (nothing is dropped, nothing stored twice). A slow stream of event and alert
// queries runs alongside, then a quiet phase of queries. Counts, accepted events per 10 s
// window and latencies go back to the parent over IPC.
//
// The bodies are generated before the clock starts (a pool per worker, re-sent under new
// batch ids, so every post stores new events): generating NDJSON costs about as much CPU as
// the server's parsing, and on 2 cores the generator must not eat the server's share.
import { performance } from 'node:perf_hooks';
import { batchBody, kindOf, USERS, type BatchKind } from './http-ingest-data.ts';

export const WINDOW_S = 10;

export type QueryKind = 'events by user + 1 h' | 'events full text + 1 h' | 'alerts';
export const QUERY_KINDS: readonly QueryKind[] = ['events by user + 1 h', 'events full text + 1 h', 'alerts'];

export interface ClientReport {
  sentEvents: number;
  acceptedEvents: number;
  requests: number;
  /** Answers 429/503 (queue full), each followed by a retry of the same batch. */
  retries: number;
  failures: number;
  /** Events accepted per WINDOW_S window of the load phase, in order. */
  windows: number[];
  postMs: number[];
  loadQueryMs: Record<QueryKind, number[]>;
  quietQueryMs: Record<QueryKind, number[]>;
}

export interface ClientArgs {
  url: string;
  ingestToken: string;
  readToken: string;
  seconds: number;
  batch: number;
  workers: number;
  /** Distinct bodies generated per worker, re-sent in turn. */
  pool: number;
  /** Event time span of the generated data (epoch ms), for realistic time-range queries. */
  start: number;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const byKind = (): Record<QueryKind, number[]> => ({ 'events by user + 1 h': [], 'events full text + 1 h': [], alerts: [] });

async function main(args: ClientArgs): Promise<ClientReport> {
  const report: ClientReport = {
    sentEvents: 0, acceptedEvents: 0, requests: 0, retries: 0, failures: 0, windows: [], postMs: [],
    loadQueryMs: byKind(), quietQueryMs: byKind(),
  };
  const bodies: { kind: BatchKind; body: Buffer }[][] = Array.from({ length: args.workers }, (_, w) =>
    Array.from({ length: args.pool }, (_, seq) => ({ kind: kindOf(w, seq), body: Buffer.from(batchBody(w, seq, args.batch, args.start)) })));
  const route = { json: `${args.url}/api/v1/ingest/json`, raw: `${args.url}/api/v1/ingest/raw` };
  const type = { json: 'application/x-ndjson', raw: 'text/plain' };
  const readHeaders = { authorization: `Bearer ${args.readToken}` };
  const t0 = performance.now();
  const deadline = t0 + args.seconds * 1000;

  const worker = async (w: number) => {
    for (let seq = 0; performance.now() < deadline; seq++) {
      const { kind, body } = bodies[w]?.[seq % args.pool] as { kind: BatchKind; body: Buffer };
      report.sentEvents += args.batch;
      // Re-sent with the same id until stored: a duplicate would be ignored by the server.
      for (;;) {
        const t = performance.now();
        const r = await fetch(route[kind], {
          method: 'POST', body,
          headers: { authorization: `Bearer ${args.ingestToken}`, 'content-type': type[kind], 'x-batch-id': `w${w}-s${seq}` },
        });
        const text = await r.text();
        report.requests += 1;
        if (r.status === 429 || r.status === 503) {
          report.retries += 1;
          await sleep(Number(r.headers.get('retry-after') ?? 1) * 1000);
          continue;
        }
        const now = performance.now();
        report.postMs.push(now - t);
        if (r.status === 200) {
          const n = (JSON.parse(text) as { events: number }).events;
          report.acceptedEvents += n;
          const win = Math.floor((now - t0) / (WINDOW_S * 1000));
          while (report.windows.length <= win) report.windows.push(0);
          report.windows[win] = (report.windows[win] ?? 0) + n;
        } else {
          report.failures += 1;
        }
        break;
      }
    }
  };

  const query = async (kind: QueryKind, i: number): Promise<number> => {
    const user = USERS[i % USERS.length] ?? 'alice';
    const from = args.start + (i % 20) * 3_600_000;
    const range = `from=${from}&to=${from + 3_600_000}`;
    const path = kind === 'alerts' ? `/api/v1/alerts?limit=100&since=${from}`
      : kind === 'events by user + 1 h' ? `/api/v1/events?${range}&field=${encodeURIComponent(`user.name=${user}`)}&limit=100`
        : `/api/v1/events?${range}&q=${encodeURIComponent(`for ${user}`)}&limit=100`;
    const t = performance.now();
    const r = await fetch(`${args.url}${path}`, { headers: readHeaders });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`query ${path}: ${r.status}`);
    return performance.now() - t;
  };

  const querier = async () => {
    for (let i = 0; performance.now() < deadline; i++) {
      const kind = QUERY_KINDS[i % QUERY_KINDS.length] as QueryKind;
      report.loadQueryMs[kind].push(await query(kind, i));
      await sleep(50);
    }
  };

  await Promise.all([...Array.from({ length: args.workers }, (_, w) => worker(w)), querier()]);
  // The parent reads the server's CPU here, so its per-event figures leave out the quiet queries.
  await new Promise<void>((res) => process.send?.({ loadDone: true }, () => res()) ?? res());
  // Windows past the deadline hold only the last in-flight batches; the parent rates whole ones.
  for (let i = 0; i < 600; i++) {
    const kind = QUERY_KINDS[i % QUERY_KINDS.length] as QueryKind;
    report.quietQueryMs[kind].push(await query(kind, i));
  }
  return report;
}

process.once('message', (args: ClientArgs) => {
  main(args).then(
    (report) => process.send?.({ report }, () => process.exit(0)),
    (err: unknown) => process.send?.({ error: String(err) }, () => process.exit(1)),
  );
});
