// Finds and loads every Sigma YAML file under the given paths (folders searched recursively).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { LocatedError } from '../../core/errors.ts';
import { loadRuleFile } from './loader.ts';
import type { SigmaDocument } from './model.ts';

export interface LoadedFolder {
  documents: SigmaDocument[];
  errors: LocatedError[];
  files: number;
}

export function ruleFilesUnder(path: string): string[] {
  const abs = resolve(path);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) return [];
  if (st.isFile()) return [abs];
  return globSync(['**/*.yml', '**/*.yaml'], { cwd: abs, absolute: true, ignore: ['**/_layer.yml'] }).sort();
}

export function loadRulePaths(paths: readonly string[]): LoadedFolder {
  const out: LoadedFolder = { documents: [], errors: [], files: 0 };
  for (const p of paths) {
    const files = ruleFilesUnder(p);
    if (files.length === 0 && !statSync(resolve(p), { throwIfNoEntry: false })) out.errors.push(new LocatedError('no such file or folder', { file: p }));
    for (const f of files) {
      out.files++;
      const r = loadRuleFile(f);
      out.documents.push(...r.documents);
      out.errors.push(...r.errors);
    }
  }
  return out;
}
