// The live stream (server-sent events): new alerts and ingest notices of the token's tenant.
// Alerts are written by the detection stage, possibly in another process, so one poller per
// server reads the alert table's new rows and publishes each to its own tenant's channel.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import type { LiveMessage } from '../live-hub.ts';

const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;

export function streamRoutes(app: FastifyInstance, ctx: ServerContext): void {
  let cursor = ctx.alerts.latest();
  const poller = setInterval(() => {
    if (ctx.hub.count() === 0) {
      cursor = ctx.alerts.latest();
      return;
    }
    const got = ctx.alerts.newSince(cursor);
    cursor = got.cursor;
    for (const a of got.alerts) ctx.hub.publish(a.tenant, { type: 'alert', data: a });
  }, POLL_MS);
  poller.unref();
  // Closing the server ends open streams instead of waiting for clients to leave.
  const open = new Set<() => void>();
  // preClose, not onClose: the server waits for open connections before onClose runs.
  app.addHook('preClose', async () => {
    clearInterval(poller);
    for (const end of open) end();
  });

  app.get('/api/v1/stream', {
    config: { access: 'read' },
    schema: { tags: ['stream'], description: 'text/event-stream of `alert` and `events` messages for the token\'s tenant' },
  }, (req, reply) => {
    const tenant = tenantOf(req, ctx.tokens);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const send = (m: LiveMessage) => res.write(`event: ${m.type}\ndata: ${JSON.stringify(m.data)}\n\n`);
    const unsubscribe = ctx.hub.subscribe(tenant, send);
    ctx.metrics.streamClients.set(ctx.hub.count());
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const end = () => {
      if (!open.delete(end)) return;
      clearInterval(keepalive);
      unsubscribe();
      ctx.metrics.streamClients.set(ctx.hub.count());
      res.end();
    };
    open.add(end);
    req.raw.on('close', end);
  });
}
