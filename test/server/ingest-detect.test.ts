// The server's ingest path with the detection stage: a body of sshd lines raises its alerts
// in the store's file, where the alert desk (and its live-stream cursor) reads them; a
// retried batch (same batch id) raises nothing new. Real SQLite, real parse stage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/index.ts';
import { tenantParts } from '../../src/pipeline/parse-parts.ts';
import { DetectStage } from '../../src/pipeline/detect-stage.ts';
import { ingestService } from '../../src/server/ingest-service.ts';
import { serverMetrics } from '../../src/server/metrics.ts';
import { liveHub } from '../../src/server/live-hub.ts';
import { alertDesk } from '../../src/server/alert-desk.ts';

// Both ways of storing alerts: written by the detect stage before the batch (the CLI's way),
// and handed to the store to commit with the batch on its writer thread (the server's way).
for (const mode of ['detect writes alerts', 'alerts commit with the batch on the writer thread'] as const) test(`HTTP ingest runs the rules; a retried batch adds no alert and the live cursor does not move (${mode})`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-srv-detect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'store.db');
  const threaded = mode !== 'detect writes alerts';
  const store = openSqliteStore(file, { writerThread: threaded });
  const detect = new DetectStage({ dataDir: dir, file, alertsWithBatch: threaded });
  // The desk reads through a store of its own on the file, as a second server would.
  const reader = openSqliteStore(file);
  const desk = alertDesk(reader);
  t.after(async () => {
    await reader.close();
    detect.close();
    await store.close();
  });
  const svc = ingestService({ store, parts: tenantParts({ dataDir: dir, store }), metrics: serverMetrics(), hub: liveHub(), maxQueued: 4, detect });
  const body = Buffer.from(
    Array.from({ length: 6 }, (_, i) => `Nov 28 11:00:0${i} gw sshd[9${i}]: Invalid user guest${i} from 203.0.113.200 port 6000${i}`).join('\n') + '\n',
  );
  const start = await desk.latest('acme');
  const first = await svc.ingest('acme', 'test', body, 'batch-1');
  assert.equal(first.events, 6);
  assert.equal(first.alerts, 6, 'one unknown-user alert per line');
  assert.equal((await desk.list({ tenant: 'acme' })).length, 6);
  const seen = await desk.newSince('acme', start);
  assert.equal(seen.alerts.length, 6);

  const retry = await svc.ingest('acme', 'test', body, 'batch-1');
  assert.equal(retry.duplicates, 6);
  assert.equal(retry.alerts, 0);
  assert.equal((await desk.list({ tenant: 'acme' })).length, 6);
  assert.equal((await desk.newSince('acme', seen.cursor)).alerts.length, 0, 'the live stream is not told twice');
  assert.equal((await desk.list({ tenant: 'other' })).length, 0);
  await svc.flush();
});
