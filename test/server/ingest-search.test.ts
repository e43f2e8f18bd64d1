// Ingest over HTTP, then find it again: raw and NDJSON bodies go through the parse stage into
// the store and come back through search (time range, field filters, full text). Bad
// batches are refused whole; a retried batch id stores nothing twice; a full queue is 429.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { startTestServer, sshdLines, type TestServer } from './server-helpers.ts';

let s: TestServer;
const token = () => s.tokens.acme?.admin as string;
const events = async (query: string) => {
  const r = await s.request('GET', `/api/v1/events?${query}`, { token: token() });
  assert.equal(r.status, 200, await r.clone().text());
  return ((await r.json()) as { events: { raw: string; parser: string; time: number; fields: Record<string, unknown> }[] }).events;
};

describe('ingest then search', () => {
  before(async () => {
    s = await startTestServer(['acme']);
  });
  after(async () => s.close());

  it('stores raw lines parsed, and finds them by field, time and text', async () => {
    const r = await s.request('POST', '/api/v1/ingest/raw?source=bastion', { token: s.tokens.acme?.ingest, text: sshdLines(40, 'mallory', '198.51.100.9') + sshdLines(10, 'carol', '192.0.2.44') });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { lines: 50, events: 50, unparsed: 0, duplicates: 0 });
    assert.equal((await events('limit=1000')).length, 50);
    const byIp = await events(`field=${encodeURIComponent('source.ip=192.0.2.44')}&limit=1000`);
    assert.equal(byIp.length, 10);
    assert.ok(byIp.every((e) => e.raw.includes('carol') && e.parser === 'sshd'));
    const both = await events(`field=${encodeURIComponent('user.name=mallory')}&field=${encodeURIComponent('source.port=2003')}`);
    assert.equal(both.length, 1);
    assert.equal((await events('q=MALLORY&limit=1000')).length, 40, 'full text is case-insensitive');
    assert.equal((await events('q=mal%25ory')).length, 0, 'the user\'s % is a literal, not a wildcard');
    const t = byIp[0]?.time as number;
    assert.ok((await events(`from=${t}&to=${t + 1}&limit=1000`)).every((e) => e.time === t));
    assert.equal((await events(`from=${new Date(t + 3_600_000).toISOString()}&limit=1000`)).length, 0);
  });

  it('stores NDJSON, and refuses a batch with a bad line whole, saying which line', async () => {
    const before = await s.app.ctx.store.countEvents({ tenant: 'acme' });
    const ok = await s.request('POST', '/api/v1/ingest/json', { token: token(), contentType: 'application/x-ndjson', text: '{"event":{"action":"login"},"user":{"name":"dave"},"message":"hello ndjson"}\n{"message":"second"}\n' });
    assert.equal(ok.status, 200);
    assert.equal((await events('q=hello%20ndjson')).length, 1);
    const bad = await s.request('POST', '/api/v1/ingest/json', { token: token(), contentType: 'application/x-ndjson', text: '{"message":"fine"}\n{"message": oops}\n' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /line 2/);
    assert.equal(await s.app.ctx.store.countEvents({ tenant: 'acme' }), before + 2);
  });

  it('a retried batch id stores nothing twice', async () => {
    const body = sshdLines(5, 'retry-user');
    const first = await s.request('POST', '/api/v1/ingest/raw', { token: token(), text: body, headers: { 'x-batch-id': 'batch-0001' } });
    const again = await s.request('POST', '/api/v1/ingest/raw', { token: token(), text: body, headers: { 'x-batch-id': 'batch-0001' } });
    assert.equal(((await first.json()) as { duplicates: number }).duplicates, 0);
    assert.equal(((await again.json()) as { duplicates: number }).duplicates, 5);
    assert.equal((await events('q=retry-user&limit=100')).length, 5);
  });

  it('takes gzip bodies as shippers send them, and refuses a bad or unknown encoding', async () => {
    const post = (body: Buffer, encoding: string) => fetch(`${s.url}/api/v1/ingest/json`, {
      method: 'POST', body,
      headers: { authorization: `Bearer ${s.tokens.acme?.ingest}`, 'content-type': 'application/x-ndjson', 'content-encoding': encoding },
    });
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ user: { name: 'zipped-user' }, message: `gzip line ${i}` })).join('\n');
    const ok = await post(gzipSync(lines), 'gzip');
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(((await ok.json()) as { events: number }).events, 30);
    assert.equal((await events(`field=${encodeURIComponent('user.name=zipped-user')}&limit=100`)).length, 30);
    assert.equal((await post(Buffer.from('not gzip at all'), 'gzip')).status, 400);
    assert.equal((await post(Buffer.from(lines), 'br')).status, 415);
    const array = await post(gzipSync('{"message":"fine"}\n[1, 2]\n'), 'gzip');
    assert.equal(array.status, 400);
    assert.match(((await array.json()) as { error: string }).error, /line 2: not a JSON object/);
  });

  it('bad queries get a clear 400', async () => {
    for (const q of ['from=yesterday', 'limit=0', 'limit=5000', `field=${encodeURIComponent('no equals')}`, `field=${encodeURIComponent('bad name!=1')}`]) {
      const r = await s.request('GET', `/api/v1/events?${q}`, { token: token() });
      assert.equal(r.status, 400, q);
      assert.ok(((await r.json()) as { error: string }).error.length > 0);
    }
  });

  it('counters, unparsed and templates reflect what was sent', async () => {
    const unknown = Array.from({ length: 25 }, (_, i) => `QQ7 widget ${i} rotated after ${i * 3} s`).join('\n');
    assert.equal((await s.request('POST', '/api/v1/ingest/raw', { token: token(), text: unknown })).status, 200);
    const counters = ((await (await s.request('GET', '/api/v1/counters', { token: token() })).json()) as { counters: Record<string, number> }).counters;
    assert.equal(counters['parsed:sshd'], 55);
    assert.equal(counters.mined, 25);
    const templates = ((await (await s.request('GET', '/api/v1/templates', { token: token() })).json()) as { templates: { templateId: string; count: number }[] }).templates;
    assert.equal(templates.reduce((n, t) => n + t.count, 0), 25);
    const id = templates[0]?.templateId as string;
    const promoted = await s.request('POST', `/api/v1/templates/${id}/promote`, { token: token(), body: { name: 'widget-log' } });
    assert.equal(promoted.status, 200);
    assert.match(((await promoted.json()) as { yaml: string }).yaml, /widget/);
    assert.equal((await s.request('POST', `/api/v1/templates/${id}/promote`, { token: token(), body: { name: 'widget-log' } })).status, 409);
  });

  it('answers 429 when the ingest queue is full, and loses none it accepted', async () => {
    const tight = await startTestServer(['acme'], { ingest: { maxQueuedBatches: 3 } });
    try {
      // A request whose body is all sent but its last byte, so it completes exactly when we say.
      const body = sshdLines(10, 'late');
      const { port } = new URL(tight.url);
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(`POST /api/v1/ingest/raw HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${tight.tokens.acme?.ingest}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body.slice(0, -1)}`);
      let answer = '';
      socket.on('data', (b: Buffer) => (answer += b.toString()));
      await new Promise((res) => setTimeout(res, 200));
      // Three batches fill the queue (called directly, so they are queued at once)…
      const queued = Array.from({ length: 3 }, (_, i) => tight.app.ctx.ingest.ingest('acme', 'direct', Buffer.from(sshdLines(1000, `bulk${i}`))));
      await assert.rejects(tight.app.ctx.ingest.ingest('acme', 'direct', Buffer.from(sshdLines(10, 'refused'))), /queue full/);
      // …so the request completing now is told to come back.
      socket.write(body.slice(-1));
      await once(socket, 'close');
      assert.match(answer, /^HTTP\/1\.1 429/);
      assert.match(answer, /retry-after: \d+/i);
      await Promise.all(queued);
      assert.equal(await tight.app.ctx.store.countEvents({ tenant: 'acme' }), 3000, 'every accepted line stored, the refused ones not');
      assert.equal((await tight.request('POST', '/api/v1/ingest/raw', { token: tight.tokens.acme?.ingest, text: sshdLines(10, 'retry') })).status, 200);
    } finally {
      await tight.close();
    }
  });
});
