// Reads the notifier list of a YAML file (`notifiers: [...]`), with file-named errors.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LocatedError } from '../../../core/errors.ts';
import { NotifierConfigSchema } from './notifier-config.ts';
import type { Notifier } from './notifier.ts';
import { createNotifier } from './registry.ts';

const FileSchema = z.object({ notifiers: z.array(NotifierConfigSchema).default([]) }).strict();

export function loadNotifiers(file: string): Notifier[] {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LocatedError(`cannot read notifiers: ${(err as Error).message}`, { file }, { cause: err });
  }
  const parsed = FileSchema.safeParse(doc ?? {});
  if (!parsed.success) throw new LocatedError(`invalid notifiers: ${z.prettifyError(parsed.error)}`, { file });
  return parsed.data.notifiers.map(createNotifier);
}
