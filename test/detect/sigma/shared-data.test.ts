// The figures of the issue on the shared data (read at run time from ../shared, never copied):
// SigmaHQ rules load (at most 1% rejected), the spec's correlation and filter examples load,
// and every regression case fires its rule at least match_count times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRulePaths } from '../../../src/detect/sigma/rule-files.ts';
import { Ruleset } from '../../../src/detect/sigma/ruleset.ts';
import { globalMappings } from '../../../src/cli/rules.ts';
import { findCases, runRegressionCase } from '../../../src/detect/sigma/regression.ts';
import { REGRESSION_DIR, SIGMAHQ_RULES_DIR, SIGMA_EXAMPLES_DIR } from '../../../src/detect/sigma/shared-data.ts';
import { DetectionEngine } from '../../../src/detect/sigma/engine.ts';
import { loadRuleText } from '../../../src/detect/sigma/loader.ts';
import { event } from './helpers.ts';

const skip = !existsSync(SIGMAHQ_RULES_DIR) ? 'shared data not present' : false;

test('all SigmaHQ rules of the subset load and compile (at most 1% rejected, each with a reason)', { skip }, () => {
  const loaded = loadRulePaths([SIGMAHQ_RULES_DIR]);
  const rs = new Ruleset(loaded.documents, { mappings: globalMappings() });
  const rejected = [...loaded.errors, ...rs.errors];
  assert.ok(loaded.files >= 464);
  assert.ok(rejected.length / loaded.files <= 0.01, rejected.map(String).join('\n'));
  for (const e of rejected) assert.ok(e.location.file && e.location.line, String(e));
});

test('the correlation, filter and aggregation examples load', { skip }, () => {
  const loaded = loadRulePaths([SIGMA_EXAMPLES_DIR]);
  const rs = new Ruleset(loaded.documents, { mappings: globalMappings() });
  const rejected = [...loaded.errors, ...rs.errors].map(String);
  // The only refusal: an aggregation with `per` clauses and no pipe, which no Sigma version defines.
  assert.ok(rejected.every((e) => e.includes('net_dns_high_subdomain_rate.yml')), rejected.join('\n'));
  const types = new Set(rs.correlations.map((c) => c.type));
  for (const t of ['event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg', 'value_percentile']) assert.ok(types.has(t as never), t);
  assert.equal(rs.filters.length, 2);
});

test('Hayabusa user-guessing correlation behaves as its title says', { skip }, () => {
  const file = join(SIGMA_EXAMPLES_DIR, 'correlation-hayabusa', 'Sec_4625_Med_LogonFail_UserGuessing_Correlation.yml');
  const loaded = loadRuleText(readFileSync(file, 'utf8'), file);
  const rs = new Ruleset(loaded.documents, { mappings: globalMappings() });
  const engine = new DetectionEngine(rs, { tenant: 'default' });
  const failure = (user: string, t: number) =>
    event({ Channel: 'Security', EventID: 4625, SubStatus: '0xc0000064', IpAddress: '10.1.1.1', LogonType: 3, TargetDomainName: 'D', ProcessName: '-', LogonProcessName: 'NtLmSsp', WorkstationName: 'W', TargetUserName: user }, undefined, t);
  const alerts = ['a', 'b', 'c', 'd'].flatMap((u, i) => engine.process(failure(u, i * 1000)));
  assert.deepEqual(alerts.map((a) => a.rule.title), ['User Guessing']);
  assert.equal(alerts[0]?.rule.author, 'Zach Mathis');
});

test('every SigmaHQ regression case fires its rule at least match_count times', { skip }, () => {
  const loaded = loadRulePaths([join(REGRESSION_DIR, 'referenced')]);
  const rs = new Ruleset(loaded.documents, { mappings: globalMappings() });
  const results = findCases(join(REGRESSION_DIR, 'regression_data')).flatMap((c) => runRegressionCase(c, rs));
  assert.ok(results.length >= 200);
  const failed = results.filter((r) => !r.ok);
  assert.deepEqual(failed, []);
  // Exactly match_count except where the JSON holds more matching events than the EVTX did.
  assert.ok(results.filter((r) => r.exact).length >= results.length - 6);
});
