// SQLite store speed: in-process writeBatch throughput on realistic events, and p99 of the
// typical event queries once the store holds many of them. Events are built by the real parse
// stage from our own demo logs (demo/logs/), then cloned with new ids, times, source IPs and
// user names so the indexed fields have a realistic spread. Baseline in the same run: a bare
// INSERT of the raw line only into a table without indexes, same batches, same transactions.
// STORE_BENCH_EVENTS sets the events to store (default 1,000,000; writing stops after a
// minute either way), STORE_BENCH_FULLTEXT=0 skips the full-text comparison.
import Database from 'better-sqlite3';
import { ensureDemoLogs } from '../src/demo/ensure.ts';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run.ts';
import { figure, timed } from './lib.ts';
import type { Event } from '../src/core/event.ts';
import { F } from '../src/core/fields.ts';
import { LineFramer } from '../src/ingest/framing.ts';
import { parseStage } from '../src/pipeline/parse-stage.ts';
import { tenantParts } from '../src/pipeline/parse-parts.ts';
import { openSqliteStore, type EventQuery, type Store } from '../src/store/index.ts';
import { INDEXED_FIELDS } from '../src/store/sqlite/schema.ts';

const BATCH = 1000;
const WRITE_BUDGET_S = 60;
const TENANTS = ['acme', 'globex'];
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

export async function demoEvents(dir: string): Promise<Event[]> {
  const logs = `${await ensureDemoLogs()}/`;
  const parts = tenantParts({ dataDir: dir });
  await parts.prepare('bench');
  const out: Event[] = [];
  // demo/logs/ holds one folder per host or collector: every file under it, in name order.
  readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((n) => statSync(join(logs, n)).isFile()).sort().forEach((name, i) => {
    const f = new LineFramer();
    const lines = [...f.push(readFileSync(join(logs, name))), ...f.flush()];
    out.push(...parseStage({ tenant: 'bench', source: name, sourceId: `f${i}`, lines }, parts).events);
  });
  return out;
}

const ipOf = (k: number) => `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;

/** Clone k of a demo event: its own id, a time spread over ~a month, and (where the event has
 *  them) a source IP out of ~50k and a user out of 2k, changed in the raw line too. */
function clone(base: Event, k: number, tenant: string): Event {
  const fields = { ...base.fields };
  let raw = base.raw;
  const ip = fields[F.sourceIp];
  if (typeof ip === 'string') {
    const next = ipOf(k % 50_000);
    fields[F.sourceIp] = next;
    raw = raw.split(ip).join(next);
  }
  const user = fields[F.userName];
  if (typeof user === 'string' && user.length > 0) {
    const next = `${user}${k % 2000}`;
    fields[F.userName] = next;
    raw = raw.split(user).join(next);
  }
  const time = T0 + Math.floor((k * 2_592_000_000) / 1_000_000);
  return { ...base, id: `${tenant}:bench:${k}`, tenant, time, ingested: time, raw, fields };
}

export function batches(demo: Event[], total: number): { tenant: string; events: Event[] }[] {
  const out: { tenant: string; events: Event[] }[] = [];
  for (let start = 0; start < total; start += BATCH) {
    const tenant = TENANTS[(start / BATCH) % TENANTS.length] as string;
    const events: Event[] = [];
    for (let k = start; k < Math.min(total, start + BATCH); k++) events.push(clone(demo[k % demo.length] as Event, k, tenant));
    out.push({ tenant, events });
  }
  return out;
}

const p99 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)] as number;

async function writeAll(store: Store, bs: { tenant: string; events: Event[] }[]): Promise<{ seconds: number; events: number }> {
  let events = 0;
  const { seconds } = await timed(async () => {
    const start = process.hrtime.bigint();
    for (const b of bs) {
      await store.writeBatch({ tenant: b.tenant, events: b.events, unparsed: [], counters: { lines: b.events.length } });
      events += b.events.length;
      if (Number(process.hrtime.bigint() - start) / 1e9 > WRITE_BUDGET_S) break;
    }
  });
  return { seconds, events };
}

/** Events per second through `tx`, one transaction per batch, until `count` events; closes `db`. */
function insertRate(db: Database.Database, tx: Database.Transaction<(es: Event[]) => void>, bs: { events: Event[] }[], count: number): number {
  const start = process.hrtime.bigint();
  let n = 0;
  for (const b of bs) {
    if (n >= count) break;
    tx.immediate(b.events);
    n += b.events.length;
  }
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return n / s;
}

/** The same batches as bare inserts of the raw line into an index-free table; with
 *  `tokenizer`, into a contentless FTS5 index instead (what a full-text index over raw lines
 *  would add to every write: the candidate designs for `EventQuery.text`; trigram keeps its
 *  substring meaning, unicode61 would change it to whole words). */
function baseline(file: string, bs: { tenant: string; events: Event[] }[], count: number, tokenizer?: 'trigram' | 'unicode61'): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(tokenizer ? `CREATE VIRTUAL TABLE raw USING fts5(line, content='', tokenize='${tokenizer}')` : 'CREATE TABLE raw (line TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO raw (line) VALUES (?)');
  const tx = db.transaction((es: Event[]) => { for (const e of es) ins.run(e.raw); });
  return insertRate(db, tx, bs, count);
}

/** The previous design (schema version 1) on the same batches: the same row, but the six
 *  indexed fields read by json_extract expression indexes evaluated on every insert. */
function previousDesign(file: string, bs: { tenant: string; events: Event[] }[], count: number): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const expr = (f: string) => `json_extract(fields, '$."${f}"')`;
  db.exec(`CREATE TABLE events (id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, time INTEGER NOT NULL, ingested INTEGER NOT NULL,
    source TEXT NOT NULL, parser TEXT NOT NULL, template_id TEXT, template_params TEXT, raw TEXT NOT NULL, fields TEXT NOT NULL);
    CREATE INDEX t1 ON events(tenant, time); CREATE INDEX t2 ON events(tenant, parser);
    ${INDEXED_FIELDS.map((f, i) => `CREATE INDEX f${i} ON events(tenant, ${expr(f)});`).join('\n')}`);
  const ins = db.prepare('INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const tx = db.transaction((es: Event[]) => {
    for (const e of es) {
      ins.run(e.id, e.tenant, e.time, e.ingested, e.source, e.parser, e.templateId ?? null,
        e.templateParams ? JSON.stringify(e.templateParams) : null, e.raw, JSON.stringify(e.fields));
    }
  });
  return insertRate(db, tx, bs, count);
}

async function queryP99(store: Store, make: (i: number) => EventQuery, rounds = 100): Promise<{ p99: number; hits: number }> {
  await store.queryEvents(make(-1)); // statement prepared, pages warm
  const ms: number[] = [];
  let hits = 0;
  for (let i = 0; i < rounds; i++) {
    const { seconds, result } = await timed(() => store.queryEvents(make(i)));
    ms.push(seconds * 1000);
    hits += result.length;
  }
  return { p99: p99(ms), hits };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-bench-store-'));
  try {
    const demo = await demoEvents(dir);
    const total = Number(process.env.STORE_BENCH_EVENTS ?? 1_000_000);
    const bs = batches(demo, total);
    process.stdout.write(`  ${demo.length} demo events parsed from demo/logs, cloned to ${total.toLocaleString('en-US')} in batches of ${BATCH}, ${TENANTS.length} tenants\n`);

    // Baseline and store on the first 100k (same events), interleaved: the machine is shared.
    const small = Math.min(total, 100_000);
    const smallBs = bs.slice(0, Math.ceil(small / BATCH));
    let base = 0;
    let storeSmall = 0;
    let previous = 0;
    for (let r = 0; r < 2; r++) {
      base = Math.max(base, baseline(join(dir, `base${r}.db`), smallBs, small));
      previous = Math.max(previous, previousDesign(join(dir, `v1-${r}.db`), smallBs, small));
      const s = openSqliteStore(join(dir, `small${r}.db`));
      const w = await writeAll(s, smallBs);
      await s.close();
      storeSmall = Math.max(storeSmall, w.events / w.seconds);
    }
    const fullText = process.env.STORE_BENCH_FULLTEXT === '0' ? [] : (['trigram', 'unicode61'] as const).map((tk) => [tk, baseline(join(dir, `fts-${tk}.db`), smallBs, small, tk)] as const);

    const store = openSqliteStore(join(dir, 'store.db'));
    const written = await writeAll(store, bs);
    const rate = written.events / written.seconds;
    const n = written.events;
    process.stdout.write(`  baseline (raw line only, no index) ${Math.round(base).toLocaleString('en-US')} events/s; ` +
      `previous design (json_extract indexes) ${Math.round(previous).toLocaleString('en-US')} events/s; ` +
      `store on the same ${small.toLocaleString('en-US')} events ${Math.round(storeSmall).toLocaleString('en-US')} events/s; ` +
      `store filled to ${n.toLocaleString('en-US')} at ${Math.round(rate).toLocaleString('en-US')} events/s\n`);

    const span = Math.floor((n * 2_592_000_000) / 1_000_000);
    const at = (i: number) => T0 + Math.floor(((i * 7919) % 1000) / 1000 * span);
    const tenant = (i: number) => TENANTS[Math.abs(i) % TENANTS.length] as string;
    const queries: [string, (i: number) => EventQuery][] = [
      ['tenant + 1 h time range', (i) => ({ tenant: tenant(i), from: at(i), to: at(i) + HOUR, limit: 100 })],
      ['tenant + source.ip', (i) => ({ tenant: tenant(i), where: { [F.sourceIp]: ipOf((i * 7919) % 50_000) }, limit: 100 })],
      ['tenant + user.name + 1 day', (i) => ({ tenant: tenant(i), from: at(i), to: at(i) + 24 * HOUR, where: { [F.userName]: `root${(i * 31) % 2000}` }, limit: 100 })],
      ['tenant + parser + 1 h', (i) => ({ tenant: tenant(i), from: at(i), to: at(i) + HOUR, parser: 'sshd', limit: 100 })],
      ['tenant + text, common word', (i) => ({ tenant: tenant(i), text: 'Failed password', limit: 100 })],
      ['tenant + text + 1 h (rare)', (i) => ({ tenant: tenant(i), from: at(i), to: at(i) + HOUR, text: ipOf((i * 7919) % 50_000), limit: 100 })],
      ['tenant + text, rare, no time range', (i) => ({ tenant: tenant(i), text: ipOf((i * 7919) % 50_000), limit: 100 })],
    ];
    for (const [tk, rate] of fullText) {
      process.stdout.write(`  FTS5 ${tk} index of the raw lines alone: ${Math.round(rate).toLocaleString('en-US')} events/s ` +
        `(adding it to the store would cost ≈${Math.round((1 / rate) * 1e6)} µs per event on top of the store's ${Math.round((1 / storeSmall) * 1e6)} µs)\n`);
    }
    const results: BenchResult[] = [
      figure('store: writeBatch events/s in-process (filling the big store)', rate, '>=', 100_000, ' events/s'),
      figure('store: writeBatch speed / bare raw-line insert (same 100k, same run)', storeSmall / base, '>=', 0.25),
      figure('store: writeBatch speed / previous json_extract-index design (same 100k, same run)', storeSmall / previous, '>=', 1.5),
    ];
    for (const [name, make] of queries) {
      const rounds = name.includes('no time range') ? 10 : 100;
      const q = await queryP99(store, make, rounds);
      process.stdout.write(`    ${name}: ${q.hits} events returned over ${rounds} queries\n`);
      results.push(figure(`store: p99 ${name} on ${n.toLocaleString('en-US')} events`, q.p99, '<=', 100, ' ms'));
    }
    await store.close();
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
