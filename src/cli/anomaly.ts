// `stegosoc anomaly eval`: scores a session detector on labelled session files
// (ait-sequences layout) and prints precision, recall, F1 and false-positive rate as JSON.
import type { Command } from 'commander';
import { evaluate } from '../detect/anomaly/sessions/evaluate.ts';
import { sessionDetector, SESSION_DETECTORS } from '../detect/anomaly/sessions/registry.ts';
import { readSessions } from '../detect/anomaly/sessions/session.ts';

function positiveInt(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
    return n;
  };
}

export function register(program: Command): void {
  const anomaly = program.command('anomaly').description('L2 anomaly detection');
  anomaly
    .command('eval')
    .description('evaluate a session detector on labelled session files (`id,space-separated event ids` per line)')
    .requiredOption('--train <file>', 'normal sessions to learn from')
    .requiredOption('--test-abnormal <file>', 'abnormal sessions')
    .option('--test-normal <file>', 'normal test sessions; when omitted the false-positive rate is estimated by k-fold on the training sessions')
    .option('--detector <name>', `one of ${SESSION_DETECTORS.map((d) => d.name).join(', ')}`, 'auto')
    .option('--normal-count <n>', 'normal sessions to assume for precision/F1 when --test-normal is omitted', positiveInt('--normal-count'))
    .option('--folds <k>', 'folds for the k-fold estimate', positiveInt('--folds'))
    .action((opts: { train: string; testAbnormal: string; testNormal?: string; detector: string; normalCount?: number; folds?: number }) => {
      const detector = sessionDetector(opts.detector);
      const result = evaluate({
        detector,
        train: readSessions(opts.train),
        testAbnormal: readSessions(opts.testAbnormal),
        ...(opts.testNormal ? { testNormal: readSessions(opts.testNormal) } : {}),
        ...(opts.normalCount ? { normalCount: opts.normalCount } : {}),
        ...(opts.folds ? { folds: opts.folds } : {}),
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
