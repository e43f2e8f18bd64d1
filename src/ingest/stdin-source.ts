// Standard input as a source. It cannot be replayed, so it has no checkpoint: its event ids
// carry the start time of the run, and a line is counted once per run.
import type { Readable } from 'node:stream';
import type { LineBatch, Source } from './batch.ts';
import { DEFAULT_MAX_LINE_BYTES, LineFramer } from './framing.ts';

export interface StreamSourceOptions {
  tenant: string;
  stream?: Readable;
  name?: string;
  maxLineBytes?: number;
}

export function streamSource(opts: StreamSourceOptions): Source {
  const stream = opts.stream ?? process.stdin;
  const name = opts.name ?? 'stdin';
  return async function* stdin(signal: AbortSignal): AsyncGenerator<LineBatch> {
    const framer = new LineFramer(opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
    const sourceId = `${name}:${Date.now()}:${process.pid}`;
    const batch = (lines: LineBatch['lines']): LineBatch => ({ tenant: opts.tenant, source: name, sourceId, lines });
    // An idle stream would keep the loop waiting after Ctrl-C: end it on abort. What was
    // framed is yielded; a partial last line is flushed below.
    const onAbort = () => stream.destroy();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        const lines = framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        if (lines.length > 0) yield batch(lines);
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const rest = framer.flush();
    if (rest.length > 0) yield batch(rest);
  };
}
