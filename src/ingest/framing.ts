// Framing: bytes in, lines out. Lines are split on `\n` (a trailing `\r` is dropped) and
// decoded as UTF-8 with replacement, so binary garbage becomes text instead of an error.
// Each line keeps its byte offsets, because offsets are what checkpoints and event ids are
// made of: a restart resumes at the end of the last line written, never mid-line.

/** Default bound on one line; anything longer is cut and recorded as unparsed. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

export interface FramedLine {
  /** Byte offset of the line's first byte in its source. */
  offset: number;
  /** Byte offset just past the line's terminator: where a restart resumes. */
  end: number;
  /** The line decoded (invalid UTF-8 replaced by U+FFFD); cut to the bound when too long. */
  text: string;
  /** Byte length of the original line, without its terminator, before any cut. */
  length: number;
  /** True when the line exceeded the bound; `text` then holds only its first bytes. */
  tooLong: boolean;
}

export function tooLongReason(length: number): string {
  return `line too long (${length} bytes)`;
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Stateful splitter for one byte stream. State is the carried partial line, so it is a
 * class; it never buffers more than `maxLineBytes` of one line however long the line is.
 */
export class LineFramer {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Length of the current line so far, including bytes dropped past the bound. */
  private lineLength = 0;
  private lineStart: number;
  private position: number;

  constructor(
    readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
    startOffset = 0,
  ) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) throw new Error(`max line bytes must be a positive integer, got ${maxLineBytes}`);
    this.lineStart = startOffset;
    this.position = startOffset;
  }

  /** Offset just past the last complete line returned: the safe checkpoint. */
  get committedOffset(): number {
    return this.lineStart;
  }

  /** Bytes of an unfinished line held back until its newline (or `flush`). */
  get pendingBytes(): number {
    return this.lineLength;
  }

  push(chunk: Buffer): FramedLine[] {
    const out: FramedLine[] = [];
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(NL, from);
      const stop = nl === -1 ? chunk.length : nl;
      this.keep(chunk, from, stop);
      this.position += stop - from;
      if (nl === -1) break;
      this.position += 1;
      out.push(this.emit());
      from = nl + 1;
    }
    return out;
  }

  /** Ends the stream: an unterminated last line becomes a line of its own. */
  flush(): FramedLine[] {
    return this.lineLength > 0 ? [this.emit()] : [];
  }

  private keep(chunk: Buffer, from: number, stop: number): void {
    const n = stop - from;
    this.lineLength += n;
    // Keep one byte past the bound, so a `\r` at the bound is still seen as a terminator.
    const room = this.maxLineBytes + 1 - this.carryBytes;
    if (room <= 0 || n === 0) return;
    const take = Math.min(room, n);
    this.carry.push(chunk.subarray(from, from + take));
    this.carryBytes += take;
  }

  private emit(): FramedLine {
    let buf = this.carry.length === 1 ? (this.carry[0] as Buffer) : Buffer.concat(this.carry, this.carryBytes);
    let length = this.lineLength;
    if (length > 0 && length <= this.maxLineBytes + 1 && buf[buf.length - 1] === CR) {
      buf = buf.subarray(0, buf.length - 1);
      length -= 1;
    }
    const tooLong = length > this.maxLineBytes;
    if (tooLong) buf = buf.subarray(0, this.maxLineBytes);
    const line: FramedLine = { offset: this.lineStart, end: this.position, text: buf.toString('utf8'), length, tooLong };
    this.carry = [];
    this.carryBytes = 0;
    this.lineLength = 0;
    this.lineStart = this.position;
    return line;
  }
}
