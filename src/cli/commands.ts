// The registry of subcommands: adding a command is one new file in src/cli/ and one line here.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
];
