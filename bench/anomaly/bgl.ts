// BGL per-line figure (../shared/datasets/loghub-2k/BGL): the first token of each raw line
// is the label (`-` = normal) and is cut off before anything else sees the line; the
// detector learns the first half in time order (all of its lines, no labels) and flags the
// second half's lines that fit no learned template.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitLineTemplates } from '../../src/detect/anomaly/lines/new-template.ts';
import { compileLogFormat } from '../../src/parse/loghub-format.ts';

/** Loghub's header format for BGL, without the label column (which we strip first). */
const BGL_FORMAT = '<Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>';

export interface LineScores {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  templates: number;
  trainLines: number;
  testLines: number;
}

export function bglFigure(shared: string): LineScores {
  const format = compileLogFormat(BGL_FORMAT);
  const rows = readFileSync(join(shared, 'datasets', 'loghub-2k', 'BGL', 'BGL_2k.log'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const space = l.indexOf(' ');
      const label = l.slice(0, space);
      const line = l.slice(space + 1);
      const parts = format.split(line);
      // The component and level are part of what kind of line it is; the rest is content.
      const content = parts ? `${parts.header['Component']} ${parts.header['Level']} ${parts.content}` : line;
      return { i, abnormal: label !== '-', time: Number(line.slice(0, line.indexOf(' '))), content };
    })
    .sort((a, b) => a.time - b.time || a.i - b.i);
  const half = Math.floor(rows.length / 2);
  const model = fitLineTemplates(rows.slice(0, half).map((r) => r.content));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const r of rows.slice(half)) {
    const flagged = model.templateOf(r.content) === null;
    if (flagged && r.abnormal) tp++;
    else if (flagged) fp++;
    else if (r.abnormal) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { tp, fp, fn, tn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, templates: model.templates, trainLines: half, testLines: rows.length - half };
}
