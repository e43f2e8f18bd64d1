// The attack-graph service on a thread of its own (attack-graph-thread.ts), seen from the HTTP
// thread: the same methods, each answered asynchronously. Computing a tenant's graph takes
// hundreds of milliseconds at 5,000 nodes; on the HTTP thread every other request (any
// tenant's) waited that long behind it. Arguments and answers are plain data (structured
// clone); an HttpError thrown there is thrown here with its status.
import { Worker } from 'node:worker_threads';
import type { AttackGraphService } from './attack-graph-service.ts';
import type { GraphCall, GraphReply } from './attack-graph-thread.ts';
import { HttpError } from './http-error.ts';
import { moduleThread } from '../core/module-thread.ts';

export type RemoteAttackGraph = {
  [K in Exclude<keyof AttackGraphService, 'view'>]: AttackGraphService[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never;
} & {
  /** The view's JSON text (the thread keeps the object). */
  view(...a: Parameters<AttackGraphService['view']>): Promise<{ json: string }>;
  close(): Promise<void>;
};

function spawn(dataDir: string): Worker {
  return moduleThread(import.meta.url, './attack-graph-thread', { dataDir });
}

export function attackGraphRemote(dataDir: string): RemoteAttackGraph {
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    // The next call starts a fresh thread (the graphs are recomputed on demand).
    worker = undefined;
    ready = undefined;
  };
  const start = (): Promise<void> => {
    if (ready) return ready;
    const w = (worker = spawn(dataDir));
    ready = new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    });
    w.on('message', (m: GraphReply | 'ready') => {
      if (m === 'ready') return;
      const p = pending.get(m.seq);
      if (!p) return;
      pending.delete(m.seq);
      if (pending.size === 0) w.unref();
      if ('error' in m) p.reject(m.status ? new HttpError(m.status, m.error, m.headers) : new Error(m.error));
      else p.resolve(m.value);
    });
    w.on('error', (err) => worker === w && failAll(err));
    w.on('exit', (code) => worker === w && failAll(new Error(`attack-graph thread exited (${code})`)));
    // An idle thread does not keep the process alive.
    w.unref();
    return ready;
  };
  const call = async (method: keyof AttackGraphService, args: unknown[]): Promise<unknown> => {
    await start();
    const w = worker as Worker;
    return new Promise((resolve, reject) => {
      const s = ++seq;
      if (pending.size === 0) w.ref();
      pending.set(s, { resolve, reject });
      w.postMessage({ seq: s, method, args } satisfies GraphCall);
    });
  };
  const remote = (method: keyof AttackGraphService) => (...args: unknown[]) => call(method, args);
  return {
    compute: remote('compute'),
    view: remote('view'),
    node: remote('node'),
    directory: remote('directory'),
    exportAs: remote('exportAs'),
    harden: remote('harden'),
    whatIf: remote('whatIf'),
    async close() {
      const w = worker;
      worker = undefined;
      ready = undefined;
      if (w) await w.terminate();
    },
  } as RemoteAttackGraph;
}
