// `detect --follow`: after the file has been read, its appended lines are read as they come
// (polling, like `tail -f`), in complete lines only (a half-written last line waits for its
// newline). A file that shrinks was truncated or replaced: it is read again from the start.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export interface FollowOptions {
  file: string;
  /** Bytes already read, and how many lines they held. */
  offset: number;
  lines: number;
  pollMs: number;
  signal: AbortSignal;
  /** New complete lines; `firstLine` is the 1-based line number of lines[0]. */
  onLines: (lines: string[], firstLine: number) => void;
  /** Called once per poll, before reading (the caller applies reloaded rules there). */
  onPoll?: () => void;
}

/** Largest chunk read per poll, so a burst of appended data is handled in bounded pieces. */
const MAX_CHUNK = 4 * 1024 * 1024;

export async function followFile(o: FollowOptions): Promise<void> {
  let offset = o.offset;
  let line = o.lines;
  let pending = Buffer.alloc(0);
  while (!o.signal.aborted) {
    o.onPoll?.();
    let size: number;
    try {
      size = statSync(o.file).size;
    } catch {
      size = offset; // gone for now (rotation in progress): wait
    }
    if (size < offset) {
      offset = 0;
      line = 0;
      pending = Buffer.alloc(0);
    }
    while (size > offset && !o.signal.aborted) {
      const want = Math.min(MAX_CHUNK, size - offset);
      const buf = Buffer.alloc(want);
      const fd = openSync(o.file, 'r');
      let got: number;
      try {
        got = readSync(fd, buf, 0, want, offset);
      } finally {
        closeSync(fd);
      }
      if (got <= 0) break;
      offset += got;
      const data = Buffer.concat([pending, buf.subarray(0, got)]);
      const end = data.lastIndexOf(0x0a);
      if (end < 0) {
        pending = data;
        continue;
      }
      pending = data.subarray(end + 1);
      const lines = data.subarray(0, end).toString('utf8').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      o.onLines(lines, line + 1);
      line += lines.length;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, o.pollMs);
      o.signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }
}
