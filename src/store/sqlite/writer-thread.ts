// The writer thread's body: owns the store's write connection and commits each RowBatch it
// is sent, in arrival order, answering with the result or the error. SQLite work (binding,
// B-tree and index inserts, commits) then runs beside the caller's thread instead of in it.
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreDb } from './open-db.ts';
import { rowWriter } from './row-writer.ts';
import type { RowBatch } from './row-batch.ts';
import type { WriteResult } from '../store.ts';

export interface WriterRequest {
  seq: number;
  batch: RowBatch;
}

export type WriterReply =
  | { seq: number; result: WriteResult }
  | { seq: number; error: string };

const port = parentPort;
if (!port) throw new Error('writer-thread.ts runs as a worker thread');
const db = openStoreDb((workerData as { file: string }).file);
const write = rowWriter(db);
port.on('message', (req: WriterRequest | 'close') => {
  if (req === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { seq: req.seq, result: write(req.batch) };
  } catch (err) {
    reply = { seq: req.seq, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage('ready');
