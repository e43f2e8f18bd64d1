import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createNotifier, deliver } from '../../../src/detect/anomaly/notify/registry.ts';
import type { HourlyReport } from '../../../src/detect/anomaly/report/report-model.ts';

const report: HourlyReport = {
  tenant: 'acme',
  start: Date.UTC(2026, 10, 28, 10),
  end: Date.UTC(2026, 10, 28, 11),
  periodMinutes: 60,
  generatedAt: Date.UTC(2026, 10, 28, 11, 0, 5),
  warmingUp: false,
  events: 1200,
  expectedEvents: 300,
  topEntities: [
    {
      entity: { type: 'user', value: 'mallory' },
      score: 91,
      band: 'critical',
      findings: [{ detector: 'rates', kind: 'rate-spike', entity: { type: 'user', value: 'mallory' }, score: 91, band: 'critical', reason: '900 events vs a median of 10', samples: ['sshd failed <mallory>'], key: 'series:e|user:mallory' }],
    },
  ],
  newTemplates: [],
  rateSpikes: [],
  silences: [],
  l1: { total: 2, rules: [{ rule: 'SSH brute force', count: 2 }] },
  suppressed: 0,
  chart: [
    { start: Date.UTC(2026, 10, 28, 9), actual: 280, baseline: 300 },
    { start: Date.UTC(2026, 10, 28, 10), actual: 1200, baseline: 300 },
  ],
};

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data));
  });
}

describe('notifiers', () => {
  const mails: string[] = [];
  const posts: { path: string; body: string }[] = [];
  let smtp: SMTPServer;
  let smtpPort = 0;
  let http: Server;
  let httpPort = 0;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          mails.push(data);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    http = createServer(async (req, res) => {
      posts.push({ path: req.url ?? '', body: await body(req) });
      res.statusCode = req.url === '/broken' ? 500 : 200;
      res.end('ok');
    });
    httpPort = await listen(http);
  });

  after(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  it('mails the report over SMTP with the HTML body, a text part and the JSON attached', async () => {
    const n = createNotifier({ type: 'smtp', host: '127.0.0.1', port: smtpPort, from: 'soc@example.org', to: ['admin@example.org'] });
    const results = await deliver(report, [n]);
    assert.deepEqual(results, [{ notifier: `smtp:127.0.0.1:${smtpPort}` }]);
    const mail = mails.at(-1) ?? '';
    assert.match(mail, /Subject: \[StegoSOC critical\] acme 2026-11-28 10:00Z: user:mallory/);
    assert.match(mail, /text\/html/);
    assert.match(mail, /application\/json/);
  });

  it('posts the report as JSON to a webhook', async () => {
    await deliver(report, [createNotifier({ type: 'webhook', url: `http://127.0.0.1:${httpPort}/json` })]);
    const post = posts.find((p) => p.path === '/json');
    assert.ok(post);
    assert.deepEqual(JSON.parse(post.body), report);
  });

  it('posts a Slack-compatible message with text and blocks', async () => {
    await deliver(report, [createNotifier({ type: 'webhook', url: `http://127.0.0.1:${httpPort}/slack`, format: 'slack' })]);
    const msg = JSON.parse(posts.find((p) => p.path === '/slack')?.body ?? '{}') as { text: string; blocks: { type: string; text?: { text: string } }[] };
    assert.match(msg.text, /mallory/);
    assert.equal(msg.blocks[0]?.type, 'header');
    assert.match(msg.blocks[1]?.text?.text ?? '', /\*91 critical\* `user:mallory`: 900 events/);
  });

  it('reports a failing webhook without stopping the other notifiers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anomaly-notify-'));
    const results = await deliver(report, [
      createNotifier({ type: 'webhook', url: `http://127.0.0.1:${httpPort}/broken` }),
      createNotifier({ type: 'file', dir }),
    ]);
    assert.match(results[0]?.error ?? '', /answered 500/);
    assert.equal(results[1]?.error, undefined);
    assert.deepEqual(readdirSync(dir).sort(), ['acme-2026-11-28T10.html', 'acme-2026-11-28T10.json', 'acme-2026-11-28T10.md']);
    assert.match(readFileSync(join(dir, 'acme-2026-11-28T10.html'), 'utf8'), /<svg/);
  });

  it('rejects a notifier configuration with a clear message', () => {
    assert.throws(() => createNotifier({ type: 'smtp', host: '', from: 'a', to: [] }));
    assert.throws(() => createNotifier({ type: 'pigeon' }));
  });
});
