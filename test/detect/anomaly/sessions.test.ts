import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { autoDetector } from '../../../src/detect/anomaly/sessions/auto.ts';
import { countVectorDetector } from '../../../src/detect/anomaly/sessions/count-vector.ts';
import { evaluate } from '../../../src/detect/anomaly/sessions/evaluate.ts';
import { ngramDetector } from '../../../src/detect/anomaly/sessions/ngram.ts';
import { parseSessions, type Session } from '../../../src/detect/anomaly/sessions/session.ts';
import { rng } from './demo-events.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', '..', 'bin', 'stegosoc.js');

/** Our own block-like sessions: open, 2–4 writes, 3 replicas acknowledged, close. */
function normalSessions(n: number, seed: number): Session[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const writes = 2 + Math.floor(r() * 3);
    return { id: `s${seed}-${i}`, events: ['open', ...Array<string>(writes).fill('write'), 'ack', 'ack', 'ack', 'close'] };
  });
}

describe('session detectors', () => {
  const train = normalSessions(200, 1);

  it('count-vector accepts sessions like the training ones and says why it rejects others', () => {
    const m = countVectorDetector.fit(train);
    assert.equal(m.judge(['open', 'write', 'write', 'write', 'ack', 'ack', 'ack', 'close']).anomalous, false);
    const unseen = m.judge(['open', 'write', 'crash', 'close']);
    assert.equal(unseen.anomalous, true);
    assert.match(unseen.reason, /never seen.*crash/);
    const missingAck = m.judge(['open', 'write', 'write', 'write', 'ack', 'ack', 'close']);
    assert.equal(missingAck.anomalous, true);
    assert.match(missingAck.reason, /ack occurs 2 times; 3–3/);
    const tooLong = m.judge(['open', ...Array<string>(40).fill('write'), 'ack', 'ack', 'ack', 'close']);
    assert.match(tooLong.reason, /length 45 outside the learned range 7–9/);
  });

  it('ngram learns its threshold from held-out training sessions', () => {
    const m = ngramDetector.fit(train) as ReturnType<typeof ngramDetector.fit> & { threshold: number };
    assert.ok(m.threshold >= 0 && m.threshold < 1);
    assert.equal(m.judge(['close', 'ack', 'open', 'write', 'ack', 'write', 'close', 'ack']).anomalous, true);
  });

  it('auto keeps count vectors when the training sessions repeat their patterns', () => {
    const m = autoDetector.fit(train);
    assert.match(m.judge(['open', 'write', 'write', 'write', 'ack', 'ack', 'close']).reason, /ack occurs 2 times/);
  });

  it('computes precision, recall, F1 and FPR against normal test sessions', () => {
    const abnormal: Session[] = [
      { id: 'a1', events: ['open', 'crash'] },
      { id: 'a2', events: ['open', 'write', 'write', 'ack', 'close'] },
      { id: 'a3', events: ['open', 'write', 'write', 'ack', 'ack', 'ack', 'close'] }, // looks normal
    ];
    const normal = [...normalSessions(9, 2), { id: 'n-odd', events: ['open', 'close'] }];
    const r = evaluate({ detector: countVectorDetector, train, testAbnormal: abnormal, testNormal: normal });
    assert.equal(r.tp, 2);
    assert.equal(r.fn, 1);
    assert.equal(r.fp, 1);
    assert.equal(r.fprSource, 'test-normal');
    assert.ok(Math.abs(r.recall - 2 / 3) < 1e-9);
    assert.ok(Math.abs(r.precision - 2 / 3) < 1e-9);
    assert.ok(Math.abs(r.falsePositiveRate - 0.1) < 1e-9);
  });

  it('estimates the FPR by k-fold when there is no normal test file, and says so', () => {
    const noisy = [...train, { id: 'rare', events: ['open', 'write', 'ack', 'close'] }];
    const r = evaluate({ detector: countVectorDetector, train: noisy, testAbnormal: [{ id: 'a', events: ['boom'] }], normalCount: 1000 });
    assert.equal(r.fprSource, 'k-fold');
    assert.ok(r.falsePositiveRate > 0, 'the one-off session is flagged when held out');
    assert.match(r.note ?? '', /10-fold.*1000 normal sessions/);
  });

  it('rejects a malformed session line with its file and line number', () => {
    assert.throws(() => parseSessions('s1,1 2 3\nno-comma-here\n', 'x.txt'), (e: Error) => String(e).includes('x.txt:2'));
  });
});

describe('stegosoc anomaly eval', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anomaly-eval-'));
  const fmt = (list: Session[]) => list.map((s) => `${s.id},${s.events.join(' ')}`).join('\n');
  writeFileSync(join(dir, 'train'), fmt(normalSessions(100, 3)));
  writeFileSync(join(dir, 'normal'), fmt(normalSessions(50, 4)));
  writeFileSync(join(dir, 'abnormal'), fmt([{ id: 'x', events: ['open', 'crash'] }, { id: 'y', events: ['open', 'close'] }]));

  it('prints precision, recall, f1 and falsePositiveRate as JSON', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'anomaly', 'eval', '--train', join(dir, 'train'), '--test-normal', join(dir, 'normal'), '--test-abnormal', join(dir, 'abnormal'), '--detector', 'count-vector']);
    const r = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(r['recall'], 1);
    assert.equal(r['falsePositiveRate'], 0);
    assert.equal(r['precision'], 1);
    assert.equal(r['f1'], 1);
    assert.equal(r['detector'], 'count-vector');
  });

  it('works without --test-normal, estimating the FPR by k-fold', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'anomaly', 'eval', '--train', join(dir, 'train'), '--test-abnormal', join(dir, 'abnormal')]);
    const r = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(r['fprSource'], 'k-fold');
    assert.equal(typeof r['falsePositiveRate'], 'number');
  });

  it('fails clearly on an unknown detector or a missing file', async () => {
    await assert.rejects(run(process.execPath, [CLI, 'anomaly', 'eval', '--train', join(dir, 'train'), '--test-abnormal', join(dir, 'abnormal'), '--detector', 'magic']), /unknown detector "magic"/);
    await assert.rejects(run(process.execPath, [CLI, 'anomaly', 'eval', '--train', join(dir, 'nope'), '--test-abnormal', join(dir, 'abnormal')]), /cannot read session file/);
  });
});
