// What every source hands to the pipeline: a batch of framed lines from one source of one
// tenant, with the checkpoint that becomes true once the batch is stored.
import type { Checkpoint } from '../store/store.ts';
import type { FramedLine } from './framing.ts';

export interface LineBatch {
  tenant: string;
  /** Shown on events: a path, `stdin`, `syslog-udp:127.0.0.1:5514`. */
  source: string;
  /** Identity used in event ids: stable for the life of the byte stream (file identity,
   *  or a per-run id for streams that cannot be replayed such as stdin and syslog). */
  sourceId: string;
  lines: FramedLine[];
  checkpoint?: Checkpoint;
  /** Lines the source had to drop (a full queue under a flood), counted, never silent. */
  dropped?: number;
  /** The read was cut by the buffer size, more lines follow at once: the batch may end
   *  inside a multi-line event, which the pipeline then holds for the next batch. */
  more?: boolean;
}

/** A source yields batches until it ends or the signal aborts. */
export type Source = (signal: AbortSignal) => AsyncIterable<LineBatch>;
