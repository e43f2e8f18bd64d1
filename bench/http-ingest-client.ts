// The load generator of http-ingest.bench.ts, run in its own process (forked), so the
// server's process does only the server's work. It posts NDJSON batches from several
// concurrent workers for a bounded time, retrying a batch answered 429 (backpressure) with
// the same batch id, and runs a slow stream of event and alert queries alongside; then a
// quiet phase of queries. It reports counts and latencies to the parent over IPC.
import { performance } from 'node:perf_hooks';
import { batchBody, USERS } from './http-ingest-data.ts';

export interface ClientReport {
  sentEvents: number;
  acceptedEvents: number;
  requests: number;
  retries429: number;
  failures: number;
  postMs: number[];
  loadQueryMs: { events: number[]; alerts: number[] };
  quietQueryMs: { events: number[]; alerts: number[] };
}

interface ClientArgs {
  url: string;
  ingestToken: string;
  readToken: string;
  seconds: number;
  batch: number;
  workers: number;
  /** Event time span of the generated data (epoch ms), for realistic time-range queries. */
  start: number;
}

async function main(args: ClientArgs): Promise<ClientReport> {
  const report: ClientReport = { sentEvents: 0, acceptedEvents: 0, requests: 0, retries429: 0, failures: 0, postMs: [], loadQueryMs: { events: [], alerts: [] }, quietQueryMs: { events: [], alerts: [] } };
  const deadline = performance.now() + args.seconds * 1000;
  const ingestHeaders = { authorization: `Bearer ${args.ingestToken}`, 'content-type': 'application/x-ndjson' };
  const readHeaders = { authorization: `Bearer ${args.readToken}` };

  const worker = async (w: number) => {
    for (let seq = 0; performance.now() < deadline; seq++) {
      const body = batchBody(w, seq, args.batch, args.start);
      report.sentEvents += args.batch;
      // Retry the same batch (same id: a duplicate would be ignored) until it is stored.
      for (;;) {
        const t0 = performance.now();
        const r = await fetch(`${args.url}/api/v1/ingest/json`, { method: 'POST', headers: { ...ingestHeaders, 'x-batch-id': `w${w}-s${seq}` }, body });
        const text = await r.text();
        report.requests += 1;
        if (r.status === 429) {
          report.retries429 += 1;
          await new Promise((res) => setTimeout(res, 20));
          continue;
        }
        report.postMs.push(performance.now() - t0);
        if (r.status === 200) report.acceptedEvents += (JSON.parse(text) as { events: number }).events;
        else report.failures += 1;
        break;
      }
    }
  };

  const query = async (kind: 'events' | 'alerts', i: number): Promise<number> => {
    const user = USERS[i % USERS.length] ?? 'alice';
    const from = args.start + (i % 20) * 3_600_000;
    const path = kind === 'events'
      ? `/api/v1/events?from=${from}&to=${from + 3_600_000}&field=${encodeURIComponent(`user.name=${user}`)}&limit=100`
      : `/api/v1/alerts?limit=100&since=${from}`;
    const t0 = performance.now();
    const r = await fetch(`${args.url}${path}`, { headers: readHeaders });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`query ${path}: ${r.status}`);
    return performance.now() - t0;
  };

  const querier = async () => {
    for (let i = 0; performance.now() < deadline; i++) {
      const kind = i % 2 === 0 ? 'events' : 'alerts';
      report.loadQueryMs[kind].push(await query(kind, i));
      await new Promise((res) => setTimeout(res, 50));
    }
  };

  await Promise.all([...Array.from({ length: args.workers }, (_, w) => worker(w)), querier()]);
  for (let i = 0; i < 400; i++) {
    const kind = i % 2 === 0 ? 'events' : 'alerts';
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
