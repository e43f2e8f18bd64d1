// The syslog receiver end to end: real sockets on loopback, the real parse stage, SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { ingest } from '../../src/pipeline/ingest-setup.ts';

async function receiver(t: { after: (fn: () => void | Promise<void>) => void }, protocol: 'udp' | 'tcp') {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-syslog-'));
  const store: Store = openSqliteStore(join(dir, 's.db'));
  const ac = new AbortController();
  let port = 0;
  const listen = { host: '127.0.0.1', port: 0 };
  const running = ingest({
    paths: [], tenant: 'acme', follow: false, dataDir: dir, store, signal: ac.signal,
    ...(protocol === 'udp' ? { syslogUdp: listen } : { syslogTcp: listen }),
    onListening: (m) => (port = Number(m.split(':').pop())),
  });
  t.after(async () => {
    ac.abort();
    await running;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  while (port === 0) await sleep(5);
  const waitFor = async (n: number) => {
    for (let i = 0; i < 400 && (await store.countEvents({ tenant: 'acme' })) < n; i++) await sleep(10);
    return store.queryEvents({ tenant: 'acme' });
  };
  return { port, store, waitFor };
}

const rfc5424 = '<38>1 2026-11-27T10:00:00.000Z web-1 sshd 4242 - - Failed password for root from 203.0.113.5 port 4242 ssh2';
const rfc3164 = '<86>Nov 27 10:00:01 web-1 sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id';

test('UDP: RFC 5424 and RFC 3164 datagrams become parsed events of the listener\'s tenant', async (t) => {
  const r = await receiver(t, 'udp');
  const s = createSocket('udp4');
  for (const m of [rfc5424, `${rfc3164}\n`]) await new Promise<void>((res) => s.send(m, r.port, '127.0.0.1', () => res()));
  s.close();
  const events = await r.waitFor(2);
  assert.deepEqual(events.map((e) => e.parser).sort(), ['sshd', 'sudo']);
  assert.ok(events.every((e) => e.tenant === 'acme' && e.source === `syslog-udp:127.0.0.1:${r.port}`));
  assert.equal(events.find((e) => e.parser === 'sshd')?.fields['source.ip'], '203.0.113.5');
});

test('TCP: octet-counted and newline-framed messages on two connections are all received', async (t) => {
  const r = await receiver(t, 'tcp');
  const counted = connect(r.port, '127.0.0.1');
  await once(counted, 'connect');
  counted.write(`${Buffer.byteLength(rfc5424)} ${rfc5424}${Buffer.byteLength(rfc3164)} ${rfc3164}`);
  const plain = connect(r.port, '127.0.0.1');
  await once(plain, 'connect');
  plain.write(`${rfc3164}\n${rfc5424}\n`);
  counted.end();
  plain.end();
  const events = await r.waitFor(4);
  assert.equal(events.length, 4);
  assert.deepEqual(events.map((e) => e.parser).sort(), ['sshd', 'sshd', 'sudo', 'sudo']);
  assert.equal(new Set(events.map((e) => e.id)).size, 4, 'messages of concurrent connections get distinct ids');
});
