// The live stream (server-sent events): new alerts and ingest notices of the token's tenant.
// Alerts are written by the detection stage, possibly in another process (a worker on the
// shared store), so one poller per server reads, for each tenant with a listener, that
// tenant's new alerts (a tenant-scoped query, as every read of the store) and publishes them
// to the tenant's own channel.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import type { LiveMessage } from '../live-hub.ts';

const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;

export function streamRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** Per tenant listened to: the cursor of the last alert published (a promise while the
   *  first one is being read, so alerts stored before the listener came are not replayed). */
  const cursors = new Map<string, Promise<number>>();
  const listeners = new Map<string, number>();
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      for (const [tenant, at] of cursors) {
        const got = await ctx.alerts.newSince(tenant, await at);
        // The tenant's last listener may have left while reading.
        if (cursors.has(tenant)) cursors.set(tenant, Promise.resolve(got.cursor));
        for (const a of got.alerts) ctx.hub.publish(tenant, { type: 'alert', data: a });
      }
    } catch (err) {
      // A failed read (a busy or unreachable store) is retried on the next tick.
      app.log.warn({ err }, 'live alert poll failed');
    } finally {
      polling = false;
    }
  };
  const poller = setInterval(() => void poll(), POLL_MS);
  poller.unref();
  const listen = (tenant: string) => {
    listeners.set(tenant, (listeners.get(tenant) ?? 0) + 1);
    if (!cursors.has(tenant)) {
      const at = ctx.alerts.latest(tenant);
      // A failed first read starts from 0 on the next poll rather than never.
      cursors.set(tenant, at.catch(() => 0));
    }
  };
  const leave = (tenant: string) => {
    const n = (listeners.get(tenant) ?? 1) - 1;
    if (n > 0) return void listeners.set(tenant, n);
    listeners.delete(tenant);
    cursors.delete(tenant);
  };
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
  }, async (req, reply) => {
    const tenant = tenantOf(req, ctx.tokens);
    // The starting cursor is read before the stream opens: an alert stored once the client
    // sees the stream open is news to it, on a store whose reads are round trips too.
    listen(tenant);
    await cursors.get(tenant);
    if (req.raw.destroyed) return leave(tenant);
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
      leave(tenant);
      ctx.metrics.streamClients.set(ctx.hub.count());
      res.end();
    };
    open.add(end);
    req.raw.on('close', end);
  });
}
