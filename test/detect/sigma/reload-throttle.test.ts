// Rule reload without a restart and alert throttling, on real files and a real SQLite store:
// a tenant's rule file is written, broken and fixed while a DetectStage (what the server and
// `ingest --follow` run) keeps processing batches; fs.watch picks each edit up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Event } from '../../../src/core/event.ts';
import { DetectStage } from '../../../src/pipeline/detect-stage.ts';
import { RulesetReloader } from '../../../src/detect/sigma/rule-watcher.ts';
import type { LocatedError } from '../../../src/core/errors.ts';

const RULE_ID = '4b1f5a6e-0d8c-4a35-9d1e-2a7c9e1f0b01';

function rule(title: string, user: string): string {
  return [
    `title: ${title}`,
    `id: ${RULE_ID}`,
    'status: test',
    'author: StegoSOC tests',
    'level: high',
    'logsource:',
    '  product: test',
    'detection:',
    '  selection:',
    `    user.name: ${user}`,
    '  condition: selection',
    '',
  ].join('\n');
}

let seq = 0;
function event(tenant: string, user: string, time: number, extra: Record<string, string> = {}): Event {
  const id = `e${++seq}`;
  return { id, tenant, source: 'test', time, ingested: time, raw: `login ${user}`, parser: 'test', fields: { 'user.name': user, 'host.name': 'web1', ...extra } };
}

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function setup(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-reload-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, db: join(dir, 'store.db'), rules: join(dir, 'tenants', 'acme', 'rules') };
}

test('the reloader applies a good edit, keeps the previous rules on a bad one (file:line), then applies the fix', async (t) => {
  const { dir, rules } = setup(t);
  const reloaded: string[][] = [];
  const rejected: LocatedError[][] = [];
  const r = new RulesetReloader({ dataDir: dir, tenant: 'acme' }, {
    debounceMs: 50,
    onReload: (l) => reloaded.push(l.ruleset.rules.map((x) => x.rule.meta.title)),
    onRejected: (e) => rejected.push(e),
  }).start();
  t.after(() => r.close());
  // The tenant's rules folder does not exist yet: its parent is watched.
  mkdirSync(rules, { recursive: true });
  writeFileSync(join(rules, 'local.yml'), rule('Alice logs in', 'alice'));
  await until('the first reload', () => reloaded.some((x) => x.includes('Alice logs in')));
  assert.ok(r.current.ruleset.rules.some((x) => x.rule.meta.id === RULE_ID));

  writeFileSync(join(rules, 'local.yml'), rule('Broken', 'alice').replace('  condition: selection', '  condition: selection and nothing'));
  await until('the rejection', () => rejected.length > 0);
  const err = rejected[0]?.[0];
  assert.ok(err?.location.file?.endsWith('local.yml'), String(err));
  assert.equal(err?.location.line, 11);
  assert.ok(r.current.ruleset.rules.some((x) => x.rule.meta.title === 'Alice logs in'), 'previous ruleset kept');

  writeFileSync(join(rules, 'local.yml'), rule('Bob logs in', 'bob'));
  await until('the fixed reload', () => r.current.ruleset.rules.some((x) => x.rule.meta.title === 'Bob logs in'));
});

test('a DetectStage with watchRules picks up a new tenant rule between batches, without a restart', async (t) => {
  const { dir, db, rules } = setup(t);
  const warnings: string[] = [];
  const stage = new DetectStage({ dataDir: dir, file: db, onWarning: (m) => warnings.push(m), watchRules: { debounceMs: 50 } });
  t.after(() => stage.close());
  const now = Date.UTC(2026, 10, 28);
  assert.equal(stage.process('acme', [event('acme', 'alice', now)]).filter((a) => a.rule.id === RULE_ID).length, 0);
  stage.committed('acme');
  mkdirSync(rules, { recursive: true });
  writeFileSync(join(rules, 'local.yml'), rule('Alice logs in', 'alice'));
  // Batches keep coming; once the watcher has rebuilt the rules, the next batch uses them.
  let fired = 0;
  let batches = 0;
  await until('a batch with the new rule', () => {
    fired = stage.process('acme', [event('acme', 'alice', now + 1000 + batches++)]).filter((a) => a.rule.id === RULE_ID).length;
    stage.committed('acme');
    return fired > 0;
  });
  assert.equal(fired, 1);
  assert.ok(warnings.some((w) => w.startsWith('rules reloaded for tenant acme')), warnings.join('\n'));
  // A bad edit is warned about and the rule keeps firing.
  writeFileSync(join(rules, 'local.yml'), 'title: [unclosed\n');
  await until('the rejection warning', () => warnings.some((w) => w.includes('rule edit rejected') && w.includes('local.yml')));
  assert.equal(stage.process('acme', [event('acme', 'alice', now + 2000)]).filter((a) => a.rule.id === RULE_ID).length, 1);
  stage.committed('acme');
});

test('throttling in the pipeline: one alert per rule and entity per window with a repeat count; a replay counts nothing twice', (t) => {
  const { dir, db, rules } = setup(t);
  mkdirSync(rules, { recursive: true });
  writeFileSync(join(rules, 'local.yml'), rule('Alice logs in', 'alice'));
  const now = Date.UTC(2026, 10, 28);
  const batch: Event[] = [];
  for (let i = 0; i < 50; i++) batch.push(event('acme', 'alice', now + i * 1000, { 'source.ip': '198.51.100.7' }));
  batch.push(event('acme', 'alice', now + 51_000, { 'source.ip': '203.0.113.9' })); // another entity
  batch.push(event('acme', 'alice', now + 20 * 60_000, { 'source.ip': '198.51.100.7' })); // after the window
  const runOnce = () => {
    const stage = new DetectStage({ dataDir: dir, file: db, throttleMs: 5 * 60_000 });
    try {
      stage.process('acme', batch);
      stage.committed('acme');
    } finally {
      stage.close();
    }
  };
  runOnce();
  const read = () => {
    const d = new Database(db, { readonly: true });
    try {
      return d.prepare('SELECT id, repeats, body FROM sigma_alerts WHERE tenant = ? AND rule_id = ? ORDER BY time').all('acme', RULE_ID) as { id: string; repeats: number; body: string }[];
    } finally {
      d.close();
    }
  };
  const first = read();
  assert.deepEqual(first.map((r) => r.repeats), [49, 0, 0]);
  assert.deepEqual((JSON.parse(first[0]?.body ?? '{}') as { entity?: Record<string, string> }).entity, { 'user.name': 'alice', 'source.ip': '198.51.100.7', 'host.name': 'web1' });
  // The same batch again (a crash before its checkpoint): same alerts, same counts.
  runOnce();
  assert.deepEqual(read().map((r) => [r.id, r.repeats]), first.map((r) => [r.id, r.repeats]));
});
