// The `stegosoc` command. Each subcommand lives in its own file and is listed once in
// commands.ts; this file only builds the program and reports errors the same way for all.
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands.ts';
import { errorMessage } from '../core/errors.ts';

export function buildProgram(): Command {
  const program = new Command('stegosoc')
    .description('StegoSOC: parse logs, detect threats (Sigma rules, anomalies) and derive attack graphs')
    .version('0.1.0')
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    process.stderr.write(`stegosoc: ${errorMessage(err)}\n`);
    process.exit(1);
  }
}

await main();
