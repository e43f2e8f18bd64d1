// The `templates mine` job as a pure function: a file's lines in, one row per line out (in
// order), with each line's content (after its header), template id and template text in the
// Loghub convention. The CLI only reads the file and writes the CSV.
import { compileLogFormat } from '../loghub-format.ts';
import { mineAll } from './batch.ts';
import type { MinerConfigInput } from './config.ts';
import { contentOffsets } from './header.ts';
import { TemplateMiner } from './miner.ts';

export interface MinedRow {
  lineId: number;
  content: string;
  eventId: string;
  eventTemplate: string;
}

export interface MineFileOptions {
  /** Loghub header notation; without it the header is detected. */
  logFormat?: string;
  /** Assign each line the template it got when it arrived (single pass), not the final one. */
  online?: boolean;
  config?: MinerConfigInput;
}

/** Splits a file's text into lines: `\n` separated, `\r` stripped, no phantom last line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.includes('\r')) lines[i] = l.replace(/\r/g, '');
  }
  return lines;
}

export function contentsOf(lines: readonly string[], logFormat?: string): string[] {
  // As logparser does, the line is trimmed before its header is matched.
  const trimmed = lines.map((l) => l.trim());
  if (logFormat !== undefined) {
    const format = compileLogFormat(logFormat);
    // A line that does not fit the format is still mined, whole.
    return trimmed.map((l) => format.split(l)?.content.trim() ?? l);
  }
  const offsets = contentOffsets(trimmed);
  return trimmed.map((l, i) => l.slice(offsets[i]).trim());
}

export function mineLines(lines: readonly string[], opts: MineFileOptions = {}): MinedRow[] {
  const contents = contentsOf(lines, opts.logFormat);
  if (opts.online) {
    const miner = new TemplateMiner(opts.config);
    return contents.map((content, i) => {
      const m = miner.add(content, 0);
      return { lineId: i + 1, content, eventId: m.templateId, eventTemplate: miner.loghubTemplate(m.templateId) ?? m.template };
    });
  }
  return mineAll(contents, opts.config).map((r, i) => ({
    lineId: i + 1,
    content: contents[i] as string,
    eventId: r.mined.templateId,
    eventTemplate: r.loghubTemplate,
  }));
}
