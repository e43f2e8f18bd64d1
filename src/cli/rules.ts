// `stegosoc rules check DIR...`: loads and compiles Sigma rules, lists what was rejected and
// why (file:line: reason), exits non-zero if anything was. `stegosoc rules test`: runs
// regression cases (SigmaHQ regression_data layout) and checks each rule fires match_count times.
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadRulePaths } from '../detect/sigma/rule-files.ts';
import { Ruleset } from '../detect/sigma/ruleset.ts';
import { MappingSet, loadMappingFile, type FieldMapping } from '../detect/sigma/mappings.ts';
import { globalLayerDir } from '../core/layer-dirs.ts';
import { findCases, runRegressionCase } from '../detect/sigma/regression.ts';
import { REGRESSION_DIR } from '../detect/sigma/shared-data.ts';
import { globSync } from 'tinyglobby';

export function globalMappings(): MappingSet {
  const list: FieldMapping[] = [];
  for (const f of globSync(['**/*.yml', '**/*.yaml'], { cwd: globalLayerDir('mappings'), absolute: true }).sort()) {
    const r = loadMappingFile(f);
    if (r.errors.length) throw r.errors[0];
    list.push(...r.mappings);
  }
  return new MappingSet(list);
}

export function register(program: Command): void {
  const rules = program.command('rules').description('check Sigma rules and run regression tests');

  rules
    .command('check')
    .description('load and compile Sigma rules; list rejected documents with file:line and reason')
    .argument('<paths...>', 'rule files or folders (searched recursively for .yml/.yaml)')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'print only the summary and the rejections')
    .action((paths: string[], opts: { json?: boolean; quiet?: boolean }) => {
      const loaded = loadRulePaths(paths);
      const ruleset = new Ruleset(loaded.documents, { mappings: globalMappings() });
      const rejected = [...loaded.errors, ...ruleset.errors];
      const total = loaded.documents.length + loaded.errors.length;
      const summary = {
        files: loaded.files,
        documents: total,
        loaded: { rules: ruleset.rules.length, correlations: ruleset.correlations.length, filters: ruleset.filters.length },
        rejected: rejected.map((e) => ({ file: e.location.file, line: e.location.line, reason: e.message })),
        warnings: ruleset.warnings.map((e) => e.toString()),
      };
      if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        const pct = total ? ((100 * rejected.length) / total).toFixed(2) : '0.00';
        process.stdout.write(
          `${loaded.files} files, ${total} documents: loaded ${ruleset.rules.length} rules, ${ruleset.correlations.length} correlations, ${ruleset.filters.length} filters; rejected ${rejected.length} (${pct}%)\n`,
        );
        for (const e of rejected) process.stdout.write(`REJECTED ${e.toString()}\n`);
        if (!opts.quiet) for (const w of ruleset.warnings) process.stdout.write(`warning ${w.toString()}\n`);
      }
      if (rejected.length > 0) process.exitCode = 1;
    });

  rules
    .command('test')
    .description('run regression cases: each named rule must fire exactly match_count times on its events')
    .option('--cases <dir>', 'folder of cases (info.yml + events)', join(REGRESSION_DIR, 'regression_data'))
    .option('--rules <dir...>', 'rule folders to load', [join(REGRESSION_DIR, 'referenced')])
    .option('-v, --verbose', 'print every case, not only failures')
    .action((opts: { cases: string; rules: string[]; verbose?: boolean }) => {
      const loaded = loadRulePaths(opts.rules);
      const ruleset = new Ruleset(loaded.documents, { mappings: globalMappings() });
      for (const e of [...loaded.errors, ...ruleset.errors]) process.stdout.write(`REJECTED ${e.toString()}\n`);
      let passed = 0;
      let exact = 0;
      let total = 0;
      let skipped = 0;
      for (const info of findCases(opts.cases)) {
        const results = runRegressionCase(info, ruleset);
        if (results.length === 0) skipped++;
        for (const r of results) {
          total++;
          if (r.ok) passed++;
          if (r.exact) exact++;
          if (!r.exact || opts.verbose) {
            const tag = r.exact ? 'ok  ' : r.ok ? 'MORE' : 'FAIL';
            process.stdout.write(`${tag} ${r.ruleId} ${r.title ?? ''}: match_count ${r.expected}, got ${r.actual}${r.error ? ` (${r.error})` : ''}\n`);
          }
        }
      }
      // SigmaHQ's runner treats match_count as a minimum (more matches warn); both figures are shown.
      process.stdout.write(`${passed}/${total} regression tests passed (at least match_count), ${exact}/${total} with exactly match_count${skipped ? `; ${skipped} cases without active tests` : ''}\n`);
      if (passed !== total) process.exitCode = 1;
    });
}
