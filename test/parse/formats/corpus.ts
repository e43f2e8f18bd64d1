// Reads the Wazuh ruleset test cases (../shared, at run time, never copied) into
// { file, decoder, line } records: every `log N pass|fail = <line>` with the `decoder =` of its case.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SHARED = join(repoRoot, '..', 'shared');
export const WAZUH_TESTS = join(SHARED, 'datasets', 'wazuh-ruleset-tests', 'ruleset', 'testing', 'tests');

export interface CorpusLine {
  file: string;
  decoder: string;
  line: string;
}

export function wazuhCorpus(): CorpusLine[] {
  if (!existsSync(WAZUH_TESTS)) return [];
  const out: CorpusLine[] = [];
  for (const file of readdirSync(WAZUH_TESTS).filter((f) => f.endsWith('.ini')).sort()) {
    let pending: string[] = [];
    for (const raw of readFileSync(join(WAZUH_TESTS, file), 'utf8').split('\n')) {
      const log = /^log \d+ (?:pass|fail) = (.*)$/.exec(raw);
      if (log) pending.push(log[1] as string);
      const dec = /^decoder\s*=\s*(.*)$/.exec(raw);
      if (dec) {
        for (const line of pending) out.push({ file, decoder: (dec[1] as string).trim(), line });
        pending = [];
      }
      // A new case without a decoder line: its logs still count (decoder unknown).
      if (raw.startsWith('[') && pending.length > 0) {
        for (const line of pending) out.push({ file, decoder: '', line });
        pending = [];
      }
    }
    for (const line of pending) out.push({ file, decoder: '', line });
  }
  return out;
}

export const loghubFile = (name: string): string => join(SHARED, 'datasets', 'loghub-2k', name, `${name}_2k.log`);
