// The registry of subcommands: adding a command is one new file in src/cli/ and one line here.
import type { Command } from 'commander';
import { register as registerAttackGraph } from './attack-graph.ts';
import { register as registerIngest } from './ingest.ts';
import { register as registerParse } from './parse.ts';
import { register as registerTemplates } from './templates.ts';
import { register as registerDemo } from './demo.ts';
import { register as registerAnomaly } from './anomaly.ts';
import { register as registerReport } from './report.ts';
import { register as registerRules } from './rules.ts';
import { register as registerDetect } from './detect.ts';
import { register as registerServe } from './serve.ts';
import { register as registerTokens } from './tokens.ts';
import { register as registerWorker } from './worker.ts';
import { register as registerCorrelator } from './correlator.ts';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerAttackGraph,
  registerIngest,
  registerParse,
  registerTemplates,
  registerDemo,
  registerAnomaly,
  registerReport,
  registerRules,
  registerDetect,
  registerServe,
  registerTokens,
  registerWorker,
  registerCorrelator,
];
