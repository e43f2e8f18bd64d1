// Runs regression cases in the layout of SigmaHQ's regression_data: each case folder holds an
// info.yml naming the rule (rule_metadata[].id) and its tests (regression_tests_info[]: type
// evtx|raw, match_count, path), with the events beside it as JSON (converted EVTX) or raw lines.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { globSync } from 'tinyglobby';
import { DEFAULT_TENANT } from '../../core/event.ts';
import { DetectionEngine } from './engine.ts';
import type { Ruleset } from './ruleset.ts';
import { flattenJson, eventTime, splitConcatenatedJson } from './json-events.ts';
import type { DetectEvent } from './detect-event.ts';

const infoSchema = z.object({
  rule_metadata: z.array(z.object({ id: z.string(), title: z.string().optional() })).min(1),
  regression_tests_info: z
    .array(z.object({ name: z.string().optional(), type: z.string(), match_count: z.number().int().nonnegative().optional(), path: z.string() }))
    .optional()
    .nullable(),
});

export interface RegressionResult {
  case: string;
  ruleId: string;
  title?: string;
  test: string;
  expected: number;
  actual: number;
  /** SigmaHQ's runner semantics: at least `match_count` matches (more is a warning upstream). */
  ok: boolean;
  /** Exactly `match_count` matches. */
  exact: boolean;
  error?: string;
}

export function findCases(root: string): string[] {
  return globSync('**/info.yml', { cwd: root, absolute: true }).sort();
}

export function runRegressionCase(infoFile: string, ruleset: Ruleset): RegressionResult[] {
  const dir = dirname(infoFile);
  const results: RegressionResult[] = [];
  let info: z.infer<typeof infoSchema>;
  try {
    info = infoSchema.parse(parseYaml(readFileSync(infoFile, 'utf8')));
  } catch (err) {
    return [{ case: dir, ruleId: '?', test: 'info.yml', expected: 0, actual: 0, ok: false, exact: false, error: (err as Error).message.split('\n')[0] }];
  }
  const rule = info.rule_metadata[0] as { id: string; title?: string };
  const known = ruleset.rules.some((r) => r.rule.meta.id === rule.id) || ruleset.correlations.some((c) => c.meta.id === rule.id);
  for (const t of info.regression_tests_info ?? []) {
    const expected = t.match_count ?? 1;
    const base = { case: dir, ruleId: rule.id, title: rule.title, test: t.name ?? t.type, expected };
    if (!known) {
      results.push({ ...base, actual: 0, ok: false, exact: false, error: `rule ${rule.id} is not loaded` });
      continue;
    }
    try {
      const events = readCaseEvents(dir, t.type, t.path);
      const engine = new DetectionEngine(ruleset, { tenant: DEFAULT_TENANT });
      let actual = 0;
      for (const e of events) for (const a of engine.process(e)) if (a.rule.id === rule.id) actual++;
      for (const a of engine.flush()) if (a.rule.id === rule.id) actual++;
      results.push({ ...base, actual, ok: actual >= expected && actual > 0, exact: actual === expected });
    } catch (err) {
      results.push({ ...base, actual: 0, ok: false, exact: false, error: (err as Error).message });
    }
  }
  return results;
}

function readCaseEvents(dir: string, type: string, path: string): DetectEvent[] {
  const stem = basename(path).replace(/\.[^.]+$/, '');
  if (type === 'raw') {
    const file = join(dir, `${stem}.raw`);
    return readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((raw, i) => ({ fields: { message: raw }, raw, time: 0, tenant: DEFAULT_TENANT, line: i + 1 }));
  }
  const file = join(dir, `${stem}.json`);
  if (!existsSync(file)) throw new Error(`no ${stem}.json beside info.yml (EVTX cases need their JSON conversion)`);
  return splitConcatenatedJson(readFileSync(file, 'utf8')).map((r, i) => {
    const fields = flattenJson(r.value as Record<string, unknown>);
    return { fields, time: eventTime(fields) ?? i, tenant: DEFAULT_TENANT, line: r.line };
  });
}
