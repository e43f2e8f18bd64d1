// The demo enterprise generator: the same seed gives the same bytes (and the committed demo/
// files are exactly that generation), another seed gives another day, and the inventory it
// writes is one the attack-graph loader accepts with the crown jewels reachable.
import { test } from 'node:test';
import { ensureDemoLogs } from '../../src/demo/ensure.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { DEFAULT_SEED, HOSTS } from '../../src/demo/estate.ts';
import { generateDemo, writeDemo } from '../../src/demo/generate.ts';
import { buildAttackGraph } from '../../src/attackgraph/build.ts';
import { DB_GOAL, S3_GOAL } from '../../src/demo/inventory.ts';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? listFiles(join(dir, e)) : [join(dir, e)]));
}

const first = generateDemo(DEFAULT_SEED);

test('the same seed generates the same bytes, and demo/ holds that generation', async () => {
  await ensureDemoLogs();
  const again = generateDemo(DEFAULT_SEED);
  assert.deepEqual([...again.logs.keys()], [...first.logs.keys()]);
  for (const [name, text] of first.logs) assert.equal(again.logs.get(name), text, name);
  assert.deepEqual(again.inventory, first.inventory);
  for (const [sub, files] of [['logs', first.logs], ['inventory', first.inventory]] as const) {
    const dir = join(PRODUCT_ROOT, 'demo', sub);
    const onDisk = listFiles(dir).map((f) => relative(dir, f)).sort();
    assert.deepEqual(onDisk, [...files.keys()].sort(), `demo/${sub} holds exactly the generated files (run node --import tsx demo/generate-logs.ts)`);
    for (const [name, text] of files) assert.ok(readFileSync(join(dir, name)).equals(Buffer.from(text)), `demo/${sub}/${name} differs from the generator's output`);
  }
});

test('another seed gives another day with the same files', () => {
  const other = generateDemo(DEFAULT_SEED + 1);
  assert.deepEqual([...other.logs.keys()], [...first.logs.keys()]);
  assert.notEqual(other.logs.get('fw-1/traffic.log'), first.logs.get('fw-1/traffic.log'));
});

test('a realistic day: 50k-150k lines from every host, sorted by time, with the attacker in it', () => {
  const all = [...first.logs.values()].join('');
  const lines = all.split('\n').length - first.logs.size;
  assert.ok(lines >= 50_000 && lines <= 150_000, `${lines} lines`);
  for (const h of HOSTS) assert.ok(all.includes(h.name) || all.includes(h.ip), `host ${h.name} appears in the logs`);
  assert.ok(all.includes('203.0.113.66'));
  // Syslog files read oldest first (the generator sorts each file by time).
  const auth = (first.logs.get('syslog/auth.log') ?? '').trim().split('\n').map((l) => l.slice(0, 15));
  const secs = auth.map((s) => Date.parse(`2026 ${s} UTC`));
  for (let i = 1; i < secs.length; i++) assert.ok((secs[i] as number) >= (secs[i - 1] as number), `auth.log line ${i + 1} is older than the one before`);
});

test('the generated inventory loads and both crown jewels are reachable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-demo-inv-'));
  try {
    writeDemo(dir, { logs: new Map(), inventory: first.inventory });
    const built = buildAttackGraph({ inventory: join(dir, 'inventory') });
    const goals = built.graph.goals.map((f) => built.graph.facts.label(f));
    const norm = (s: string) => s.replace(/\s+/g, '');
    assert.ok(goals.includes(norm(DB_GOAL)), `goals: ${goals.join(', ')}`);
    assert.ok(goals.includes(norm(S3_GOAL)), `goals: ${goals.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
