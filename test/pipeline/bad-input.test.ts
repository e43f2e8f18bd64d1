// Hostile input through the whole ingest path (file source → parse stage → SQLite): nothing
// crashes, and every line read is accounted for as an event, an unparsed record or empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { ingest } from '../../src/pipeline/ingest-setup.ts';
import { accountedLines, EMPTY, LINES, DROPPED } from '../../src/pipeline/counters.ts';
import { readFileSync } from 'node:fs';

/** Datagrams the kernel dropped on our socket (Linux), from the `drops` column of /proc/net/udp. */
function udpDrops(port: number): number | undefined {
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    for (const row of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`)) return Number(cols[cols.length - 1]);
    }
  } catch {
    // Not Linux: only the in-process accounting is checked.
  }
  return undefined;
}

function setup(t: { after: (fn: () => void | Promise<void>) => void }): { dir: string; store: Store } {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-bad-'));
  const store = openSqliteStore(join(dir, 's.db'));
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, store };
}

async function storedTotal(store: Store, tenant: string): Promise<number> {
  return (await store.countEvents({ tenant })) + (await store.countUnparsed(tenant));
}

test('invalid UTF-8, binary garbage, empty lines, truncated JSON and a 10 MB line are all accounted for', async (t) => {
  const { dir, store } = setup(t);
  const file = join(dir, 'bad.log');
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) % 256;
  const parts = [
    Buffer.from('Nov 27 10:00:00 web-1 sshd[1]: Failed password for root from 203.0.113.5 port 4242 ssh2\n'),
    Buffer.from([0x68, 0x69, 0xc3, 0x28, 0xa0, 0xa1, 0x0a]), // invalid UTF-8 sequences
    garbage, // contains newlines, NULs and every byte value
    Buffer.from('\n\n   \n\r\n'),
    Buffer.from('{"ts":"2026-11-27T10:00:00Z","level":"info","msg":"cut sho\n'),
    Buffer.alloc(10 * 1024 * 1024, 0x41),
    Buffer.from('\nafter the long line\n'),
    Buffer.from('no final newline'),
  ];
  const bytes = Buffer.concat(parts);
  writeFileSync(file, bytes);
  const expectedLines = bytes.toString('latin1').split('\n').length; // latin1: one char per byte
  const totals = await ingest({ paths: [file], tenant: 'acme', follow: false, dataDir: dir, store, signal: new AbortController().signal });
  assert.equal(totals[LINES], expectedLines);
  assert.equal(accountedLines(totals), expectedLines);
  assert.equal((totals[EMPTY] ?? 0) + (await storedTotal(store, 'acme')), expectedLines);
  const long = (await store.listUnparsed('acme', 1000)).find((u) => u.reason.startsWith('line too long'));
  assert.equal(long?.reason, `line too long (${10 * 1024 * 1024} bytes)`);
  assert.ok((long?.raw.length ?? 0) <= 1024 * 1024, 'the stored raw is cut to the bound');
  const after = await store.queryEvents({ tenant: 'acme' });
  assert.ok(after.some((e) => e.raw === 'after the long line'));
  assert.ok(after.some((e) => e.raw === 'no final newline'));
  assert.ok(after.some((e) => e.raw.includes('\uFFFD')), 'invalid UTF-8 was replaced, not dropped');
  assert.deepEqual(await store.counters('acme'), totals);
});

test('a UDP syslog flood on loopback is absorbed: received = stored + empty + dropped', async (t) => {
  const { dir, store } = setup(t);
  const ac = new AbortController();
  let port = 0;
  const running = ingest({
    paths: [], tenant: 'acme', follow: false, dataDir: dir, store, signal: ac.signal,
    syslogUdp: { host: '127.0.0.1', port: 0 },
    onListening: (m) => (port = Number(m.split(':').pop())),
  });
  while (port === 0) await sleep(5);
  const sender = createSocket('udp4');
  const count = 5_000;
  let sent = 0;
  const deadline = Date.now() + 10_000;
  for (; sent < count && Date.now() < deadline; sent++) {
    const i = sent;
    const msg = i % 50 === 0 ? Buffer.from([0xff, 0x00, 0xfe]) : i % 77 === 0 ? Buffer.from('\n') : Buffer.from(`<38>Nov 27 10:00:00 web-1 sshd[${i}]: Failed password for root from 203.0.113.5 port ${i % 65535} ssh2`);
    await new Promise<void>((resolve, reject) => sender.send(msg, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    // A completed send calls back on the same tick: yield now and then, or the receiver
    // (same process) would never get the loop while we send.
    if (i % 200 === 0) await new Promise((r) => setImmediate(r));
  }
  sender.close();
  // Wait until what the kernel kept has been read and stored (or give up after 20 s).
  let kernelDrops = udpDrops(port);
  for (let quiet = 0, last = -1, until = Date.now() + 20_000; quiet < 5 && Date.now() < until; ) {
    await sleep(50);
    kernelDrops = udpDrops(port);
    const n = (await store.counters('acme'))[LINES] ?? 0;
    quiet = n === last ? quiet + 1 : 0;
    last = n;
  }
  ac.abort();
  const totals = await running;
  const lines = totals[LINES] ?? 0;
  // The kernel may drop datagrams under a flood (it counts them in /proc/net/udp); every
  // datagram is either dropped there, dropped and counted by us, or accounted for.
  assert.ok(lines > 0);
  if (kernelDrops !== undefined) assert.equal(lines + kernelDrops + (totals[DROPPED] ?? 0), sent);
  assert.equal(accountedLines(totals), lines);
  assert.equal((totals[EMPTY] ?? 0) + (await storedTotal(store, 'acme')), lines);
  assert.ok((totals[EMPTY] ?? 0) > 0, 'empty datagrams are counted as empty');
});
