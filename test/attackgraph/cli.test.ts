// The `attack-graph` command, run in-process with only this command registered (so other
// commands' work in progress cannot break it): the MulVAL path writes MulVAL's CSV pair, the
// pruned flag prunes, harden reports a verified cut, bad input is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../../src/cli/attack-graph.ts';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';

const threeHost = join(PRODUCT_ROOT, '..', 'shared', 'attackgraph', 'mulval-cases', 'risksense', '3host_input.P');
const demo = join(PRODUCT_ROOT, 'test', 'attackgraph', 'fixtures', 'demo-inventory');

async function run(args: string[]): Promise<string> {
  const program = new Command('stegosoc').exitOverride();
  register(program);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  // Only the command's text is captured: while it awaits (the solver loads lazily), the test
  // runner may write its own binary protocol to stdout, which must pass through untouched.
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'stegosoc', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out;
}

test('attack-graph --mulval --format mulval-csv writes VERTICES.CSV and ARCS.CSV; --pruned prunes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ag-cli-'));
  try {
    await run(['attack-graph', '--mulval', threeHost, '--format', 'mulval-csv', '--out', join(dir, 'full')]);
    await run(['attack-graph', '--mulval', threeHost, '--format', 'mulval-csv', '--out', join(dir, 'pruned'), '--pruned']);
    const full = readFileSync(join(dir, 'full', 'VERTICES.CSV'), 'utf8').trim().split('\n');
    const pruned = readFileSync(join(dir, 'pruned', 'VERTICES.CSV'), 'utf8').trim().split('\n');
    assert.match(full[0] ?? '', /^1,"execCode\(workStation,root\)","OR",0$/);
    assert.ok(pruned.length < full.length);
    assert.ok(readFileSync(join(dir, 'full', 'ARCS.CSV'), 'utf8').trim().split('\n').every((l) => /^\d+,\d+,-1$/.test(l)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('attack-graph harden prints fixes and an empty re-evaluated goal list', async () => {
  const out = JSON.parse(await run(['attack-graph', 'harden', '--inventory', demo])) as { fixes: unknown[]; verification: { goalsStillReachable: string[] } };
  assert.ok(out.fixes.length > 0);
  assert.deepEqual(out.verification.goalsStillReachable, []);
});

test('unknown formats and missing inputs are clear errors', async () => {
  await assert.rejects(run(['attack-graph', '--mulval', threeHost, '--format', 'png', '--out', '/tmp/x']), /unknown format png/);
  await assert.rejects(run(['attack-graph', 'analyze']), /exactly one of --inventory/);
});
