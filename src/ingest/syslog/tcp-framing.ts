// RFC 6587 framing of syslog over TCP. Each message is either octet-counted
// (`<length> <message>`, what RFC 5425-style senders use) or newline-terminated
// ("non-transparent framing", what most RFC 3164 senders do). Senders may mix them, so the
// choice is made per message from its first byte: a digit means a length follows.
import { DEFAULT_MAX_LINE_BYTES, LineFramer, type FramedLine } from '../framing.ts';

const SP = 0x20;
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
/** Longest length prefix we accept; a longer digit run is not a length but message text. */
const MAX_LENGTH_DIGITS = 10;

/** Stateful deframer for one TCP connection. Offsets count bytes of the connection. */
export class SyslogTcpDeframer {
  private lineFramer: LineFramer | undefined;
  /** Octet-counted message in progress: how many bytes remain, what is kept of it. */
  private counted: { start: number; length: number; remaining: number; kept: Buffer[]; keptBytes: number } | undefined;
  private lengthDigits = '';
  private position = 0;

  constructor(readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES) {}

  push(chunk: Buffer): FramedLine[] {
    const out: FramedLine[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.counted) {
        const c = this.counted;
        const take = Math.min(c.remaining, chunk.length - i);
        const room = this.maxLineBytes - c.keptBytes;
        if (room > 0) {
          const keep = Math.min(room, take);
          c.kept.push(chunk.subarray(i, i + keep));
          c.keptBytes += keep;
        }
        c.remaining -= take;
        i += take;
        this.position += take;
        if (c.remaining === 0) {
          const buf = Buffer.concat(c.kept, c.keptBytes);
          // Trailing newline inside a counted message is framing noise from some senders.
          const text = buf.toString('utf8').replace(/\r?\n$/, '');
          out.push({ offset: c.start, end: this.position, text, length: c.length, tooLong: c.length > this.maxLineBytes });
          this.counted = undefined;
        }
        continue;
      }
      if (this.lineFramer) {
        const nl = chunk.indexOf(0x0a, i);
        const stop = nl === -1 ? chunk.length : nl + 1;
        out.push(...this.lineFramer.push(chunk.subarray(i, stop)));
        this.position += stop - i;
        i = stop;
        if (nl !== -1) this.lineFramer = undefined;
        continue;
      }
      // At a message boundary: gather a length prefix, or decide it is newline framing.
      const b = chunk[i];
      if (isDigit(b) && this.lengthDigits.length < MAX_LENGTH_DIGITS) {
        this.lengthDigits += String.fromCharCode(b as number);
        i += 1;
        continue;
      }
      if (b === SP && this.lengthDigits.length > 0) {
        const length = Number(this.lengthDigits);
        const start = this.position;
        this.position += this.lengthDigits.length + 1;
        this.lengthDigits = '';
        i += 1;
        if (length === 0) {
          out.push({ offset: start, end: this.position, text: '', length: 0, tooLong: false });
          continue;
        }
        this.counted = { start, length, remaining: length, kept: [], keptBytes: 0 };
        continue;
      }
      if (b === 0x0a && this.lengthDigits.length === 0) {
        // An empty newline-framed message: keep it so the accounting sees it as empty.
        out.push({ offset: this.position, end: this.position + 1, text: '', length: 0, tooLong: false });
        this.position += 1;
        i += 1;
        continue;
      }
      // Not a length: the digits seen so far start a newline-framed message.
      this.lineFramer = new LineFramer(this.maxLineBytes, this.position);
      if (this.lengthDigits) {
        out.push(...this.lineFramer.push(Buffer.from(this.lengthDigits)));
        this.position += this.lengthDigits.length;
        this.lengthDigits = '';
      }
    }
    return out;
  }

  /** Connection closed: whatever is pending becomes a last message. */
  flush(): FramedLine[] {
    if (this.counted) {
      const c = this.counted;
      this.counted = undefined;
      const text = Buffer.concat(c.kept, c.keptBytes).toString('utf8');
      return [{ offset: c.start, end: this.position, text, length: c.length - c.remaining, tooLong: c.length > this.maxLineBytes }];
    }
    if (this.lengthDigits) {
      const line: FramedLine = { offset: this.position, end: this.position + this.lengthDigits.length, text: this.lengthDigits, length: this.lengthDigits.length, tooLong: false };
      this.lengthDigits = '';
      return [line];
    }
    const rest = this.lineFramer?.flush() ?? [];
    this.lineFramer = undefined;
    return rest;
  }
}
