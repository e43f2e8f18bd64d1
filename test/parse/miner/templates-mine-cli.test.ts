// The `templates mine` benchmark contract, through the real CLI: the CSV header, one row per
// input line in order, LineId from 1, `<*>` for parameters, RFC 4180 quoting; `--log-format`
// splitting; and, on a Loghub sample from ../shared, grouping accuracy above a floor.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../cli/cli-helpers.ts';
import { groupingAccuracy, loadTruth, logPath, LOGHUB_FORMATS, loghubAvailable } from '../../../bench/loghub.ts';

const dir = mkdtempSync(join(tmpdir(), 'stegosoc-mine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function readCsv(file: string): string[][] {
  return parse(readFileSync(file, 'utf8')) as string[][];
}

test('writes one row per line, in order, with the Loghub header', async () => {
  const input = join(dir, 'app.log');
  const lines = [
    '2024-01-02 10:00:01 INFO Server: Connection from 10.0.0.1:5000 closed',
    '2024-01-02 10:00:02 INFO Server: Connection from 10.0.0.2:5001 closed',
    '',
    '2024-01-02 10:00:03 WARN Server: Disk "data, logs" at 91% full\r',
    'garbage line that fits no header',
  ];
  writeFileSync(input, lines.join('\n'));
  const out = join(dir, 'app.csv');
  const r = await runCli(['templates', 'mine', input, '--log-format', '<Date> <Time> <Level> <Component>: <Content>', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readCsv(out);
  assert.deepEqual(rows[0], ['LineId', 'Content', 'EventId', 'EventTemplate']);
  assert.equal(rows.length - 1, lines.length);
  assert.deepEqual(rows.slice(1).map((row) => row[0]), ['1', '2', '3', '4', '5']);
  assert.equal(rows[1]?.[1], 'Connection from 10.0.0.1:5000 closed');
  assert.equal(rows[1]?.[3], 'Connection from <*> closed');
  assert.equal(rows[1]?.[2], rows[2]?.[2]);
  assert.equal(rows[3]?.[1], '');
  assert.equal(rows[4]?.[1], 'Disk "data, logs" at 91% full');
  assert.equal(rows[4]?.[3], 'Disk "data, logs" at <*>% full');
  assert.equal(rows[5]?.[1], 'garbage line that fits no header');
  // RFC 4180: the embedded quotes and comma are quoted and doubled in the file itself.
  assert.match(readFileSync(out, 'utf8'), /,"Disk ""data, logs"" at 91% full",/);
});

test('without a format the header is detected and stripped', async () => {
  const input = join(dir, 'auto.log');
  writeFileSync(input, ['081109 203615 148 INFO dfs.DataNode: Receiving block blk_1 src: /10.0.0.1:5 dest: /10.0.0.2:6', '081109 203616 149 INFO dfs.DataNode: Receiving block blk_2 src: /10.0.0.3:5 dest: /10.0.0.4:6'].join('\n'));
  const out = join(dir, 'auto.csv');
  const r = await runCli(['templates', 'mine', input, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readCsv(out);
  assert.equal(rows[1]?.[1], 'Receiving block blk_1 src: /10.0.0.1:5 dest: /10.0.0.2:6');
  assert.equal(rows[1]?.[3], 'Receiving block <*> src: <*>:<*> dest: <*>:<*>');
});

test('a missing input file is a clear error', async () => {
  const r = await runCli(['templates', 'mine', join(dir, 'nope.log'), '--out', join(dir, 'x.csv')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /nope\.log/);
  assert.equal(existsSync(join(dir, 'x.csv')), false);
});

test('on Loghub OpenSSH the grouping accuracy stays above a floor', { skip: !loghubAvailable() && 'no ../shared data' }, async () => {
  const out = join(dir, 'openssh.csv');
  const r = await runCli(['templates', 'mine', logPath('OpenSSH'), '--log-format', LOGHUB_FORMATS.OpenSSH as string, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readCsv(out).slice(1);
  const truth = loadTruth('OpenSSH');
  assert.equal(rows.length, truth.template.length);
  assert.ok(groupingAccuracy(rows.map((row) => row[2] as string), truth.template) >= 0.95);
});
