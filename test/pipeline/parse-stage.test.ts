import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineFramer } from '../../src/ingest/framing.ts';
import type { LineBatch } from '../../src/ingest/batch.ts';
import { parseStage } from '../../src/pipeline/parse-stage.ts';
import { tenantParts } from '../../src/pipeline/parse-parts.ts';
import { accountedLines, EMPTY, LINES, MINED_COUNTER } from '../../src/pipeline/counters.ts';
import type { TenantParts } from '../../src/pipeline/tenant-parts.ts';

async function parts(t: { after: (fn: () => void) => void }, tenant = 'acme'): Promise<TenantParts> {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-stage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const p = tenantParts({ dataDir: dir });
  await p.prepare(tenant);
  return p;
}

function batchOf(text: string, maxLine?: number): LineBatch {
  const f = new LineFramer(maxLine);
  return { tenant: 'acme', source: '/var/log/test.log', sourceId: 'test:1', lines: [...f.push(Buffer.from(text)), ...f.flush()] };
}

test('known formats are parsed, unknown lines are mined, empty lines counted, and the counters add up', async (t) => {
  const p = await parts(t);
  const text = [
    'Nov 27 10:00:00 web-1 sshd[42]: Failed password for root from 203.0.113.5 port 4242 ssh2',
    '',
    '[worker-3] job 1234 finished in 35 ms status=ok',
    '[worker-1] job 1240 finished in 12 ms status=ok',
    '   ',
    '10.0.0.5 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 123 "-" "curl/8"',
  ].join('\n');
  const out = parseStage(batchOf(text), p, 1_800_000_000_000);
  assert.equal(out.counters[LINES], 6);
  assert.equal(out.counters[EMPTY], 2);
  assert.equal(out.counters[MINED_COUNTER], 2);
  assert.equal(accountedLines(out.counters), 6);
  assert.deepEqual(out.events.map((e) => e.parser), ['sshd', 'template', 'template', 'access_log']);
  const [ssh, w1, w2] = out.events;
  assert.equal(ssh?.fields['source.ip'], '203.0.113.5');
  assert.equal(w1?.templateId, w2?.templateId, 'lines of one shape share a template');
  assert.ok(w1?.templateParams?.some((x) => x.value === '1234'));
  assert.equal(out.templates.length, 1);
  assert.equal(out.templates[0]?.count, 2);
  assert.equal(new Set(out.events.map((e) => e.id)).size, 4, 'ids are distinct');
});

test('event ids depend on tenant, source and offset only, so a replay gets the same ids', async (t) => {
  const p = await parts(t);
  const text = 'a line the miner takes 1\nanother line the miner takes 2\n';
  const a = parseStage(batchOf(text), p).events.map((e) => e.id);
  const b = parseStage(batchOf(text), p).events.map((e) => e.id);
  assert.deepEqual(a, b);
  const other = parseStage({ ...batchOf(text), sourceId: 'test:2' }, p).events.map((e) => e.id);
  assert.notDeepEqual(a, other);
});

test('a mined syslog message keeps the header fields, and typed params fill the fields they imply', async (t) => {
  const p = await parts(t);
  const out = parseStage(batchOf('Nov 27 10:00:00 app-7 billingd[99]: refund issued to 10.1.2.3 for order 5521 by alice@example.com'), p);
  const [e] = out.events;
  assert.equal(e?.parser, 'template');
  assert.equal(e?.fields['host.name'], 'app-7');
  assert.equal(e?.fields['process.name'], 'billingd');
  assert.equal(e?.fields['source.ip'], '10.1.2.3');
  assert.equal(e?.fields['user.email'], 'alice@example.com');
  assert.ok(!e?.templateParams?.some((x) => x.value.includes('Nov')), 'the header is not part of the template');
  assert.equal(out.templates[0]?.program, 'billingd');
});

test('auditd records of one event are joined into one event with the first line\'s id', async (t) => {
  const p = await parts(t);
  const text = [
    'type=SYSCALL msg=audit(1764237600.123:77): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=4242 auid=1000 uid=0 comm="id" exe="/usr/bin/id" key="exec"',
    'type=EXECVE msg=audit(1764237600.123:77): argc=1 a0="id"',
    'type=CWD msg=audit(1764237600.123:78): cwd="/root"',
  ].join('\n');
  const out = parseStage(batchOf(text), p);
  assert.equal(out.counters['parsed:auditd'], 3);
  assert.equal(out.events.length, 2);
  const single = parseStage(batchOf(text.split('\n')[0] as string), p).events[0];
  assert.equal(out.events[0]?.id, single?.id);
  assert.equal(out.events[0]?.raw.split('\n').length, 2);
  assert.equal(out.events[0]?.fields['process.pid'], 4242);
});

test('an overlong line is unparsed with its length as the reason', async (t) => {
  const p = await parts(t);
  const out = parseStage(batchOf(`${'x'.repeat(100)}\nshort line here\n`, 50), p);
  assert.deepEqual(out.unparsed.map((u) => [u.reason, u.length, u.raw.length]), [['line too long (100 bytes)', 100, 50]]);
  assert.equal(accountedLines(out.counters), 2);
});

test('a line with no timestamp of its own takes the time of the line before it; the first ones take the ingest time', async (t) => {
  const p = await parts(t);
  const now = 1_800_000_000_000;
  const text = [
    '[worker-3] job 1234 finished in 35 ms status=ok',
    '10.0.0.5 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 123 "-" "curl/8"',
    '[worker-1] job 1240 finished in 12 ms status=ok',
    '10.0.0.6 - - [27/Nov/2026:10:00:05 +0000] "GET /a HTTP/1.1" 200 99 "-" "curl/8"',
  ].join('\n');
  const times = parseStage(batchOf(text), p, now).events.map((e) => e.time);
  const at10 = Date.UTC(2026, 10, 27, 10);
  assert.deepEqual(times, [now, at10, at10, at10 + 5000]);
});
