// Count-vector detector (after Landauer et al., FSE 2024: count vectors with new-event and
// length checks are the strong, cheap baseline on HDFS-like data). Training sessions are
// grouped by the set of event types they contain; each group keeps, per event type, the
// range of counts seen. A session is normal when it has no unseen event type, its length
// is within the learned range, and it falls inside the count box of a group with exactly
// its event types. No threshold: the boxes are the model. The model is plain data, so the
// online session detector keeps it in the tenant's persisted state and learns incrementally.
import type { SessionDetector, SessionModel, SessionVerdict } from './detector.ts';
import type { Session } from './session.ts';

export interface CountBoxes {
  events: Record<string, 1>;
  minLength: number;
  maxLength: number;
  /** Event-type set (sorted, space-joined) → event → [min, max] count. */
  boxes: Record<string, Record<string, [number, number]>>;
  sessions: number;
}

export function emptyBoxes(): CountBoxes {
  return { events: Object.create(null) as Record<string, 1>, minLength: 0, maxLength: 0, boxes: Object.create(null) as CountBoxes['boxes'], sessions: 0 };
}

export function countsOf(events: readonly string[]): Map<string, number> {
  const c = new Map<string, number>();
  for (const e of events) c.set(e, (c.get(e) ?? 0) + 1);
  return c;
}

const setKey = (c: ReadonlyMap<string, number>): string => [...c.keys()].sort().join(' ');

function lengthOf(c: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const v of c.values()) n += v;
  return n;
}

/** Adds one normal session (as event counts) to the model. */
export function learnCounts(m: CountBoxes, c: ReadonlyMap<string, number>): void {
  const length = lengthOf(c);
  // No Infinity sentinel: the model goes through JSON, which would turn it into null.
  m.minLength = m.sessions === 0 ? length : Math.min(m.minLength, length);
  m.maxLength = m.sessions === 0 ? length : Math.max(m.maxLength, length);
  m.sessions++;
  const key = setKey(c);
  const box = (m.boxes[key] ??= Object.create(null) as Record<string, [number, number]>);
  for (const [e, n] of c) {
    m.events[e] = 1;
    const r = box[e];
    if (!r) box[e] = [n, n];
    else {
      r[0] = Math.min(r[0], n);
      r[1] = Math.max(r[1], n);
    }
  }
}

export function judgeCounts(m: CountBoxes, c: ReadonlyMap<string, number>): SessionVerdict {
  const unseen = [...c.keys()].filter((e) => m.events[e] === undefined);
  // Scores order the checks by how sure they are: unseen types > length > combination > counts.
  if (unseen.length > 0) {
    return { anomalous: true, score: 4 + unseen.length, reason: `event types never seen in training: ${unseen.slice(0, 5).join(', ')}` };
  }
  const length = lengthOf(c);
  if (length < m.minLength || length > m.maxLength) {
    return { anomalous: true, score: 3, reason: `length ${length} outside the learned range ${m.minLength}–${m.maxLength}` };
  }
  const box = m.boxes[setKey(c)];
  if (!box) return { anomalous: true, score: 2, reason: 'combination of event types never seen in one training session' };
  for (const [e, n] of c) {
    const r = box[e];
    if (r && (n < r[0] || n > r[1])) {
      return { anomalous: true, score: 1, reason: `event ${e} occurs ${n} times; ${r[0]}–${r[1]} in training sessions with the same event types` };
    }
  }
  return { anomalous: false, score: 0, reason: '' };
}

export function fitCountVector(train: readonly Session[]): SessionModel & { boxes: CountBoxes } {
  const boxes = emptyBoxes();
  for (const s of train) learnCounts(boxes, countsOf(s.events));
  return {
    boxes,
    describe: `count-vector: ${boxes.sessions} sessions, ${Object.keys(boxes.boxes).length} event-type combinations, length ${boxes.minLength}–${boxes.maxLength}`,
    judge: (events) => judgeCounts(boxes, countsOf(events)),
  };
}

export const countVectorDetector: SessionDetector = {
  name: 'count-vector',
  description: 'new event types, length range, and count boxes per learned event-type combination',
  fit: fitCountVector,
};
