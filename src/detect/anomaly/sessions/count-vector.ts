// Count-vector detector (after Landauer et al., FSE 2024: count vectors with new-event and
// length checks are the strong, cheap baseline on HDFS-like data). Training sessions are
// grouped by the set of event types they contain; each group keeps, per event type, the
// range of counts seen. A session is normal when it has no unseen event type, its length
// is within the learned range, and it falls inside the count box of a group with exactly
// its event types. No threshold: the boxes are the model.
import type { SessionDetector, SessionModel, SessionVerdict } from './detector.ts';
import type { Session } from './session.ts';

type Box = Map<string, [min: number, max: number]>;

export interface CountVectorModel extends SessionModel {
  events: ReadonlySet<string>;
  minLength: number;
  maxLength: number;
  boxes: ReadonlyMap<string, Box>;
}

function counts(events: readonly string[]): Map<string, number> {
  const c = new Map<string, number>();
  for (const e of events) c.set(e, (c.get(e) ?? 0) + 1);
  return c;
}

const setKey = (c: Map<string, number>): string => [...c.keys()].sort().join(' ');

export function fitCountVector(train: readonly Session[]): CountVectorModel {
  const events = new Set<string>();
  const boxes = new Map<string, Box>();
  let minLength = Infinity;
  let maxLength = 0;
  for (const s of train) {
    minLength = Math.min(minLength, s.events.length);
    maxLength = Math.max(maxLength, s.events.length);
    const c = counts(s.events);
    const key = setKey(c);
    let box = boxes.get(key);
    if (!box) boxes.set(key, (box = new Map()));
    for (const [e, n] of c) {
      events.add(e);
      const r = box.get(e);
      if (!r) box.set(e, [n, n]);
      else {
        r[0] = Math.min(r[0], n);
        r[1] = Math.max(r[1], n);
      }
    }
  }
  const model: CountVectorModel = {
    events,
    minLength,
    maxLength,
    boxes,
    judge: (sessionEvents) => judgeCountVector(model, sessionEvents),
  };
  return model;
}

function judgeCountVector(m: CountVectorModel, events: readonly string[]): SessionVerdict {
  const c = counts(events);
  const unseen = [...c.keys()].filter((e) => !m.events.has(e));
  // Scores order the checks by how sure they are: unseen types > length > combination > counts.
  if (unseen.length > 0) {
    return { anomalous: true, score: 4 + unseen.length, reason: `event types never seen in training: ${unseen.slice(0, 5).join(', ')}` };
  }
  if (events.length < m.minLength || events.length > m.maxLength) {
    return {
      anomalous: true,
      score: 3,
      reason: `length ${events.length} outside the learned range ${m.minLength}–${m.maxLength}`,
    };
  }
  const box = m.boxes.get(setKey(c));
  if (!box) return { anomalous: true, score: 2, reason: 'combination of event types never seen in one training session' };
  for (const [e, n] of c) {
    const r = box.get(e);
    if (r && (n < r[0] || n > r[1])) {
      return { anomalous: true, score: 1, reason: `event ${e} occurs ${n} times; ${r[0]}–${r[1]} in training sessions with the same event types` };
    }
  }
  return { anomalous: false, score: 0, reason: '' };
}

export const countVectorDetector: SessionDetector = {
  name: 'count-vector',
  description: 'new event types, length range, and count boxes per learned event-type combination',
  fit: fitCountVector,
};
