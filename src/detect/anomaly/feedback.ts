// False-positive feedback: marking a finding teaches the model that what it saw is normal.
// A session's count vector joins the learned sessions, so its like passes from then on.
// A pair, template or value is already learned once seen, so its key is remembered and never
// reported again; a rate or distinct count raises the series' accepted level to what was
// seen, so the same volume stays quiet while a larger one still alerts.
import type { Finding } from './finding.ts';
import { learnCounts } from './sessions/count-vector.ts';
import type { TenantModel } from './model.ts';
import { isWatched } from './detectors/series.ts';
import { parseSeriesName } from './series-table.ts';

export function markFalsePositive(model: TenantModel, finding: Pick<Finding, 'key' | 'actual'> & { detector?: string }, at = Date.now()): void {
  if (finding.key.startsWith('session:')) {
    // A session marked normal: its count vector joins the learned sessions.
    const key = finding.key.slice('session:'.length);
    const counts = model.sessions.flaggedRecent[key];
    if (!counts) throw new Error(`session ${key} is no longer remembered; mark a more recent one`);
    learnCounts(model.sessions.boxes, new Map(Object.entries(counts)));
    delete model.sessions.flaggedRecent[key];
    model.feedback[finding.key] = at;
    return;
  }
  if (finding.key.startsWith('series:')) {
    const key = parseSeriesName(model.strings, finding.key.slice('series:'.length));
    const slot = key ? model.series.slot(...key) : -1;
    if (!key || slot < 0) throw new Error(`no learned series for ${finding.key}`);
    if (isWatched(key[0])) {
      // A silence (or a drop below the silence bar) marked as expected: the source may come
      // and go, so forget its history. Raising the accepted level, as for a spike, would
      // teach the opposite (that more is normal) and leave the drop reported.
      if (finding.detector === 'silence' || finding.actual === 0 || finding.actual === undefined) {
        model.series.delete(...key);
        return;
      }
    }
    model.series.setAccepted(slot, Math.max(model.series.accepted(slot), finding.actual ?? 0));
    return;
  }
  model.feedback[finding.key] = at;
}
