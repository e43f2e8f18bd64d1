import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { F } from '../../../src/core/fields.ts';
import type { Event } from '../../../src/core/event.ts';
import { anomalyConfig, type AnomalyConfig } from '../../../src/detect/anomaly/config.ts';
import { processWindow, windowOf, type WindowResult } from '../../../src/detect/anomaly/engine.ts';
import { emptyModel } from '../../../src/detect/anomaly/model.ts';
import { event, HOUR, normalHour, rng, T0 } from './demo-events.ts';

const W0 = windowOf(T0, anomalyConfig());

/** Runs the demo office for hours 0..last, adding `extra(h)`'s events; returns the last window's result. */
function run(last: number, extra: (h: number) => Event[], config: AnomalyConfig = anomalyConfig()): WindowResult {
  const model = emptyModel('acme');
  const random = rng(17);
  let r: WindowResult | undefined;
  for (let h = 0; h <= last; h++) r = processWindow(model, W0 + h, [...normalHour('acme', h, random), ...extra(h)], config);
  assert.ok(r);
  return r;
}

const at = (h: number, fields: Record<string, string>, template: string): Event => event('acme', T0 + h * HOUR + 60_000, fields, template);

describe('dormancy', () => {
  it('reports a host that seldom logs when it turns up, and not the hosts that log every hour', () => {
    // A file server that logged in two hours out of the last fifty-five, at no fixed hour.
    const r = run(60, (h) => (h === 5 || h === 37 || h === 60 ? [at(h, { [F.hostName]: 'file-srv' }, 'smb/share')] : []));
    const dormant = r.findings.filter((f) => f.detector === 'dormancy');
    assert.deepEqual(
      dormant.map((f) => f.entity),
      [{ type: 'host', value: 'file-srv' }],
    );
    assert.match(dormant[0]?.reason ?? '', /host file-srv turned up in 2 of the last 55 windows/);
    assert.equal(r.entities.find((e) => e.entity.value === 'file-srv')?.findings.some((f) => f.kind === 'dormant-entity'), true);
  });

  it('stays quiet on a host that turns up at the same hour every day (a nightly job)', () => {
    const r = run(5 * 24 + 3, (h) => (h % 24 === 3 ? [at(h, { [F.hostName]: 'backup-srv' }, 'cron/backup')] : []));
    assert.ok(!r.findings.some((f) => f.detector === 'dormancy'), r.findings.map((f) => f.reason).join('\n'));
  });

  it('judges only the configured entity types: hosts by default, users when asked', () => {
    // dave logs in now and then to alice's workstation, which logs every hour.
    const dave = (h: number): Event[] => (h === 5 || h === 37 || h === 60 ? [at(h, { [F.userName]: 'dave', [F.hostName]: 'ws-alice', [F.sourceIp]: '10.0.0.11' }, 'sshd/login')] : []);
    assert.ok(!run(60, dave).findings.some((f) => f.detector === 'dormancy'));
    const users = run(60, dave, anomalyConfig({ dormancy: ['user', 'host'] })).findings.filter((f) => f.detector === 'dormancy');
    assert.deepEqual(
      users.map((f) => f.entity),
      [{ type: 'user', value: 'dave' }],
    );
  });
});
