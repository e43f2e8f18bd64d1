// The caller's side of the writer thread: sends RowBatches, resolves each write when the
// thread has committed it. Writes are answered in the order sent (one thread, one queue),
// so callers see the same ordering as with the in-thread writer.
import { Worker } from 'node:worker_threads';
import type { WriteResult } from '../store.ts';
import type { RowBatch } from './row-batch.ts';
import type { WriterReply, WriterRequest } from './writer-thread.ts';
import { moduleThread } from '../../core/module-thread.ts';

export interface ThreadWriter {
  write(batch: RowBatch): Promise<WriteResult>;
  /** Waits for the writes in flight, then closes the thread's connection. */
  close(): Promise<void>;
}

function spawn(file: string): Worker {
  return moduleThread(import.meta.url, './writer-thread', { file });
}

export async function startThreadWriter(file: string): Promise<ThreadWriter> {
  const worker = spawn(file);
  const pending = new Map<number, { resolve: (r: WriteResult) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let failed: Error | undefined;
  /** Set by close(): the thread stays referenced until it has exited. */
  let closing = false;
  const failAll = (err: Error) => {
    failed ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`store writer thread exited with ${code} while opening ${file}`));
    const onError = (err: Error) => reject(err);
    // Only our own listeners come off: Worker keeps internal ones (removeAllListeners would
    // take those too, and the thread's messages would stop arriving).
    worker.once('message', () => {
      worker.off('exit', onExit);
      worker.off('error', onError);
      resolve();
    });
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
  worker.on('message', (m: WriterReply) => {
    const p = pending.get(m.seq);
    if (!p) return;
    pending.delete(m.seq);
    if (pending.size === 0 && !closing) worker.unref();
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.result);
  });
  worker.on('error', (err) => failAll(err));
  // An idle writer must not keep the process alive (a caller that forgot close() still exits).
  worker.unref();
  worker.on('exit', (code) => failAll(new Error(`store writer thread exited (${code})`)));
  const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    write(batch) {
      if (failed) return Promise.reject(failed);
      return new Promise<WriteResult>((resolve, reject) => {
        const s = ++seq;
        if (pending.size === 0) worker.ref();
        pending.set(s, { resolve, reject });
        worker.postMessage({ seq: s, batch } satisfies WriterRequest);
      });
    },
    async close() {
      if (failed) return;
      // The close message queues behind every write already sent, so they all commit first.
      closing = true;
      worker.ref();
      worker.postMessage('close');
      await closed;
    },
  };
}
