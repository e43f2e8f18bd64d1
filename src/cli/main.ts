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
  // A reader that goes away (`stegosoc parse f | head`) is a normal end, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    process.stderr.write(`stegosoc: ${errorMessage(err)}\n`);
    process.exit(1);
  }
}

await main();
