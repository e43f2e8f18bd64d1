// Operations: liveness, readiness (the store answers), Prometheus metrics and the OpenAPI
// document. Only liveness and readiness are open: they reveal nothing but "up".
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { DEFAULT_TENANT } from '../../core/event.ts';

const Status = z.object({ status: z.string() });

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/healthz', { config: { access: 'public' }, schema: { tags: ['operations'], security: [], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  r.get('/readyz', { config: { access: 'public' }, schema: { tags: ['operations'], security: [], response: { 200: Status, 503: Status } } }, async (_req, reply) => {
    try {
      // A read through the store proves the database is open and answering.
      await ctx.store.getCheckpoint(DEFAULT_TENANT, 'readyz');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'store unavailable' });
    }
  });
  r.get('/metrics', { config: { access: 'global' }, schema: { tags: ['operations'], description: 'Prometheus metrics (global admin)' } }, async (_req, reply) => {
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
  r.get('/openapi.json', { config: { access: 'any' }, schema: { hide: true } }, async () => app.swagger());
}
