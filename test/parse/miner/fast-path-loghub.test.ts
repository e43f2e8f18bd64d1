// The fast path checked on real logs: the Loghub-2k samples (read at run time from ../shared,
// skipped when absent), each line also replayed with its numbers varied so that lines of one
// shape differ in their digits, including digit-bearing words such as `bglio62` and
// `R49-M5-N6`. Every line must give exactly what preparing it afresh gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LOGHUB_DATASETS, LOGHUB_FORMATS, loghubAvailable, logPath } from '../../../bench/loghub.ts';
import { compileLogFormat } from '../../../src/parse/loghub-format.ts';
import { splitLines } from '../../../src/parse/miner/mine-file.ts';
import { TemplateMiner } from '../../../src/parse/miner/miner.ts';

function contents(dataset: string): string[] {
  const format = compileLogFormat(LOGHUB_FORMATS[dataset] as string);
  return splitLines(readFileSync(logPath(dataset), 'utf8')).map((line) => format.split(line.trim())?.content ?? line);
}

test('on the Loghub samples with varied digits the fast path gives what full preparation gives', { skip: !loghubAvailable() }, () => {
  for (const d of LOGHUB_DATASETS) {
    const lines = contents(d);
    const fast = new TemplateMiner();
    const fresh = new TemplateMiner({ maxShapeEntries: 0 });
    const ids = new TemplateMiner();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < lines.length; i++) {
        const line = round === 0 ? (lines[i] as string) : (lines[i] as string).replace(/\d+/g, (m) => String((Number(m.slice(0, 9)) + i * round) % 10 ** Math.min(m.length, 9)));
        const a = fast.add(line, 0);
        assert.deepEqual(a, fresh.add(line, 0), `${d}: ${line}`);
        assert.equal(ids.learn(line, 0), a.templateId, `${d}: ${line}`);
      }
    }
    assert.deepEqual(fast.templates(), fresh.templates(), d);
  }
});
