// Per-line new-event detection: a line is anomalous when it fits no template learned from
// the training lines. Templates come from the project's own online miner (TemplateMiner),
// never from ground-truth template lists; matching a test line learns nothing.
import { TemplateMiner } from '../../../parse/miner/miner.ts';

export interface LineTemplateModel {
  /** Templates learned from the training lines. */
  templates: number;
  /** The template id a line fits, or null when it fits none learned in training. */
  templateOf(content: string): string | null;
}

export function fitLineTemplates(contents: Iterable<string>, time = 0): LineTemplateModel {
  const miner = new TemplateMiner();
  const ids = new Set<string>();
  for (const c of contents) ids.add(miner.add(c, time).templateId);
  // Templates merge as they generalise: keep the ids they resolve to now.
  const known = new Set([...ids].map((id) => miner.resolveId(id)));
  return {
    templates: known.size,
    templateOf(content) {
      const m = miner.match(content);
      if (!m) return null;
      const id = miner.resolveId(m.templateId);
      return known.has(id) ? id : null;
    },
  };
}
