// The attack-graph thread's body: owns the server's attack-graph service (the graphs computed
// per tenant, kept between requests) and answers each call it is sent, in arrival order. A
// compute of thousands of nodes then runs beside the HTTP thread instead of in it, so other
// requests are not held behind it (attack-graph-remote.ts is the caller's side).
import { parentPort, workerData } from 'node:worker_threads';
import { attackGraphService, type AttackGraphService } from './attack-graph-service.ts';
import { HttpError } from './http-error.ts';

export interface GraphCall {
  seq: number;
  method: keyof AttackGraphService;
  args: unknown[];
}

export type GraphReply =
  | { seq: number; value: unknown }
  | { seq: number; error: string; status?: number; headers?: Record<string, string> };

const port = parentPort;
if (!port) throw new Error('attack-graph-thread.ts runs as a worker thread');
const service = attackGraphService((workerData as { dataDir: string }).dataDir);
port.on('message', (call: GraphCall | 'close') => {
  if (call === 'close') return port.close();
  void (async () => {
    let reply: GraphReply;
    try {
      const fn = service[call.method] as (...a: unknown[]) => unknown;
      const value = await fn(...call.args);
      // A view goes back as its JSON text only: the route sends the text, and cloning the
      // object form of thousands of nodes as well would cost more than the text.
      reply = { seq: call.seq, value: call.method === 'view' ? { json: (value as { json: string }).json } : value };
    } catch (err) {
      reply = err instanceof HttpError
        ? { seq: call.seq, error: err.message, status: err.status, headers: err.headers }
        : { seq: call.seq, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  })();
});
port.postMessage('ready');
