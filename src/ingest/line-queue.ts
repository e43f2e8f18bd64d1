// Bridges push sources (sockets, streams) to the pull-based pipeline: lines wait here until
// the pipeline takes them as one batch. Bounded, because a flood must cost memory we chose,
// not all of it; what does not fit is counted as dropped, never silently lost.
import type { FramedLine } from './framing.ts';

export class LineQueue {
  private lines: FramedLine[] = [];
  private dropped = 0;
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(readonly capacity = 100_000) {}

  push(line: FramedLine): void {
    if (this.lines.length >= this.capacity) this.dropped += 1;
    else this.lines.push(line);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  /** Waits until lines are queued, the queue ends or the signal aborts; then takes them all. */
  async take(signal: AbortSignal, max = 10_000): Promise<{ lines: FramedLine[]; dropped: number } | undefined> {
    while (this.lines.length === 0 && this.dropped === 0) {
      if (this.ended || signal.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        this.wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        signal.addEventListener('abort', onAbort, { once: true });
      });
      this.wake = undefined;
    }
    const lines = this.lines.length <= max ? this.lines : this.lines.slice(0, max);
    this.lines = this.lines.length <= max ? [] : this.lines.slice(max);
    const dropped = this.dropped;
    this.dropped = 0;
    return { lines, dropped };
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
