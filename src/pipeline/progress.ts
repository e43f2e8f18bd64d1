// Progress for long work: lines and lines/s on stderr, redrawn in place on a terminal and
// printed every few seconds otherwise (so logs of a service stay readable).
export interface ProgressReporter {
  tick(lines: number): void;
  done(): void;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr, everyMs = stream.isTTY ? 500 : 5000): ProgressReporter {
  const start = Date.now();
  let total = 0;
  let last = start;
  let shown = false;
  const line = () => {
    const secs = Math.max((Date.now() - start) / 1000, 0.001);
    return `${total.toLocaleString('en-US')} lines, ${Math.round(total / secs).toLocaleString('en-US')} lines/s`;
  };
  return {
    tick(lines) {
      total += lines;
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      shown = true;
      stream.write(stream.isTTY ? `\r${line()}\x1b[K` : `${line()}\n`);
    },
    done() {
      if (shown && stream.isTTY) stream.write('\n');
    },
  };
}

export const silentProgress: ProgressReporter = { tick() {}, done() {} };
