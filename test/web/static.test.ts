// The API server serves the console: index.html at `/` and at every app path (a reload on
// /alerts/abc), the built assets, 404s for unknown API paths and missing assets, nothing
// outside web/dist, and none of it counted among the API's routes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../server/server-helpers.ts';
import { WEB_DIST } from '../../src/server/static.ts';
import { ensureWebBuilt } from './web-build.ts';

let s: TestServer;

describe('the console\'s files', () => {
  before(async () => {
    await ensureWebBuilt();
    s = await startTestServer(['acme']);
  });
  after(async () => s?.close());

  it('answers index.html without a token at / and at app paths', async () => {
    for (const path of ['/', '/alerts', '/alerts/some%20id', '/graph?view=hosts', '/login?next=%2Frules']) {
      const r = await s.request('GET', path);
      assert.equal(r.status, 200, path);
      assert.match(r.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await r.text(), /<div id="app">/, path);
    }
  });

  it('serves the built assets, and a 404 for a missing one', async () => {
    const js = readdirSync(join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const r = await s.request('GET', `/assets/${js}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /javascript/);
    assert.match(r.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await s.request('GET', '/assets/no-such-file.js')).status, 404);
  });

  it('keeps API paths for the API: an unknown one is a JSON 404, a known one still needs its token', async () => {
    const r = await s.request('GET', '/api/v1/no-such-route');
    assert.equal(r.status, 404);
    assert.deepEqual(Object.keys((await r.json()) as object), ['error']);
    assert.equal((await s.request('GET', '/api/v1/alerts')).status, 401);
  });

  it('serves nothing outside web/dist', async () => {
    for (const path of ['/..%2fpackage.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const text = await (await s.request('GET', path)).text();
      assert.doesNotMatch(text, /"name": "stegosoc"/, path);
    }
  });

  it('is not among the API routes (no OpenAPI entry, no tenant table entry needed)', () => {
    assert.ok(!s.app.routes.some((r) => r === 'GET /' || r === 'GET /*'));
  });
});
