import { openPostgresStore } from './src/store/postgres/index.ts';
import { openSqliteStore } from './src/store/index.ts';
import { createTempDatabase } from './test/store/postgres-db.ts';
const mk = (n: number) => Array.from({ length: n }, (_, k) => ({ id: `x.${k}`, tenant: 'acme', time: 1e12 + k, ingested: 1e12, source: '/var/log/auth.log', parser: 'sshd',
  raw: `Nov 28 10:00:00 bastion sshd[${k}]: Accepted password for root from 10.0.0.${k % 250} port ${k} ssh2 and some more text ${'x'.repeat(100)}`,
  fields: { 'host.name': 'bastion', 'process.name': 'sshd', 'process.pid': k, message: 'Accepted password for root from 10.0.0.1 port 2 ssh2', 'user.name': 'root', 'source.ip': `10.0.0.${k % 250}`, 'source.port': k, 'event.action': 'ssh_login', 'event.outcome': 'success', 'event.category': 'authentication' } }));
const all = mk(30000);
const db = await createTempDatabase('stegosoc_x');
const store = await openPostgresStore(db.url);
const sq = openSqliteStore('/tmp/x-sq.db');
for (const [name, s] of [['sqlite', sq], ['pg', store]] as const) {
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += 1000) await s.writeBatch({ tenant: 'acme', events: all.slice(i, i + 1000), unparsed: [], counters: { lines: 1000 } });
  console.log(name, Math.round(all.length / ((performance.now() - t0) / 1000)), 'events/s');
}
await store.close(); await sq.close();
await db.drop();
