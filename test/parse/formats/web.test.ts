// Access logs (common, combined, vhost, proxy, through syslog), Apache/Nginx error logs, IIS, Squid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { must, parse } from './helpers.ts';

test('combined access log', () => {
  const r = must('192.0.2.10 - jane [28/Nov/2026:10:11:12 +0100] "GET /shop/cart?id=7&x=1 HTTP/1.1" 302 512 "https://example.org/" "Mozilla/5.0 (X11; Linux)"');
  assert.equal(r.parser, 'access_log');
  assert.equal(r.time, Date.UTC(2026, 10, 28, 9, 11, 12));
  const f = r.fields;
  assert.deepEqual(
    [f['source.ip'], f['user.name'], f['http.request.method'], f['url.original'], f['url.path'], f['url.query'], f['http.version'], f['http.response.status_code'], f['http.response.body.bytes'], f['http.request.referrer'], f['user_agent.original'], f['event.action'], f['event.outcome'], f['event.category']],
    ['192.0.2.10', 'jane', 'GET', '/shop/cart?id=7&x=1', '/shop/cart', 'id=7&x=1', '1.1', 302, 512, 'https://example.org/', 'Mozilla/5.0 (X11; Linux)', 'http_request', 'success', 'web'],
  );
});

test('common log, vhost prefix, missing size, truncated user agent', () => {
  const c = must('198.51.100.1 - - [1/Jan/2026:00:00:00 +0000] "POST /login HTTP/1.0" 401 -');
  assert.deepEqual([c.fields['http.response.status_code'], c.fields['http.response.body.bytes'], c.fields['event.outcome']], [401, undefined, 'failure']);
  const v = must('shop.example.com:443 198.51.100.2 - - [1/Jan/2026:00:00:00 +0000] "GET / HTTP/2.0" 200 10 "-" "curl/8.0"');
  assert.deepEqual([v.fields['url.domain'], v.fields['destination.port'], v.fields['source.ip'], v.fields['http.request.referrer']], ['shop.example.com', 443, '198.51.100.2', undefined]);
  const t = must('198.51.100.3 - - [1/Jan/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 10 "-" "Mozilla/5.0 (trunc');
  assert.equal(t.fields['user_agent.original'], 'Mozilla/5.0 (trunc');
});

test('access log line sent through syslog keeps the syslog header too', () => {
  const r = must('Nov 28 10:00:00 web3 nginx: 192.0.2.77 - - [28/Nov/2026:10:59:59 +0000] "DELETE /api/x HTTP/1.1" 204 0 "-" "k6"');
  assert.deepEqual([r.parser, r.fields['host.name'], r.fields['source.ip'], r.fields['http.request.method']], ['access_log', 'web3', '192.0.2.77', 'DELETE']);
  assert.equal(r.time, Date.UTC(2026, 10, 28, 10, 0, 0));
});

test('Apache 2.4 error log with module, pid, client and AH code', () => {
  const r = must('[Sat Nov 28 10:00:01.123456 2026] [authz_core:error] [pid 4242:tid 1399] [client 203.0.113.9:51000] AH01630: client denied by server configuration: /srv/www/private');
  assert.deepEqual(
    [r.parser, r.time, r.fields['log.level'], r.fields['log.logger'], r.fields['process.pid'], r.fields['source.ip'], r.fields['source.port'], r.fields['error.code']],
    ['apache_error', Date.UTC(2026, 10, 28, 10, 0, 1, 123), 'error', 'authz_core', 4242, '203.0.113.9', 51000, 'AH01630'],
  );
  assert.equal(parse('[hello] not an apache line'), null);
});

test('Nginx error log with client context', () => {
  const r = must('2026/11/28 10:00:02 [error] 311#311: *9 open() "/srv/x" failed (2: No such file or directory), client: 192.0.2.200, server: shop, request: "GET /x HTTP/1.1", host: "shop.example.com"');
  assert.deepEqual(
    [r.parser, r.fields['log.level'], r.fields['process.pid'], r.fields['source.ip'], r.fields['http.request.method'], r.fields['url.original'], r.fields['url.domain']],
    ['nginx_error', 'error', 311, '192.0.2.200', 'GET', '/x', 'shop.example.com'],
  );
});

test('IIS W3C and Squid native', () => {
  const i = must('2026-11-28 10:00:03 10.0.0.5 POST /owa/auth.owa - 443 CORP\\kim 192.0.2.14 Mozilla/5.0+(Windows) 302 0 0 15');
  assert.deepEqual(
    [i.parser, i.fields['destination.ip'], i.fields['http.request.method'], i.fields['url.path'], i.fields['destination.port'], i.fields['user.name'], i.fields['source.ip'], i.fields['user_agent.original'], i.fields['http.response.status_code']],
    ['iis', '10.0.0.5', 'POST', '/owa/auth.owa', 443, 'CORP\\kim', '192.0.2.14', 'Mozilla/5.0 (Windows)', 302],
  );
  const s = must('1764324000.250    120 192.0.2.30 TCP_MISS/200 4120 GET http://example.org/ - HIER_DIRECT/93.184.216.34 text/html');
  assert.deepEqual([s.parser, s.time, s.fields['source.ip'], s.fields['http.response.status_code'], s.fields['event.outcome']], ['squid', 1764324000250, '192.0.2.30', 200, 'success']);
});
