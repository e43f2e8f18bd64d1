// Reading a tenant's data: events (time range, field filters, parser, full text), lines no
// parser took, and the pipeline's counters. The tenant always comes from the token.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { ErrorBody, Limit, TimeParam } from './schemas.ts';

const FIELD_FILTER = /^([A-Za-z0-9_@][A-Za-z0-9_.@-]{0,199})=(.*)$/s;

/** `name=value`; a value that reads as a number or boolean matches the stored number or
 *  boolean (fields keep their JSON types), anything else matches as text. */
const FieldFilters = z
  .union([z.string(), z.array(z.string())])
  .transform((v, ctx) => {
    const out: Record<string, string | number | boolean> = {};
    for (const f of Array.isArray(v) ? v : [v]) {
      const m = FIELD_FILTER.exec(f);
      if (!m?.[1]) {
        ctx.addIssue({ code: 'custom', message: `field filter ${JSON.stringify(f)}: use name=value` });
        return z.NEVER;
      }
      const raw = m[2] ?? '';
      out[m[1]] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    }
    return out;
  })
  .describe('field filter name=value, repeatable; all must hold');

const EventsQuery = z.object({
  from: TimeParam.optional().describe('inclusive lower bound: epoch ms or ISO 8601'),
  to: TimeParam.optional().describe('exclusive upper bound'),
  parser: z.string().max(100).optional(),
  q: z.string().max(500).optional().describe('full text: the raw line contains this (case-insensitive)'),
  field: FieldFilters.optional(),
  limit: Limit(1000, 100),
});

const EventBody = z.object({
  id: z.string(), tenant: z.string(), source: z.string(), time: z.number(), ingested: z.number(), raw: z.string(), parser: z.string(),
  templateId: z.string().optional(),
  templateParams: z.array(z.object({ name: z.string(), type: z.string(), value: z.string() })).optional(),
  fields: z.record(z.string(), z.unknown()),
});

const Unparsed = z.object({ id: z.string(), tenant: z.string(), source: z.string(), ingested: z.number(), raw: z.string(), reason: z.string(), length: z.number() });

export function eventRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/events', {
    config: { access: 'read' },
    schema: { tags: ['events'], querystring: EventsQuery, response: { 200: z.object({ events: z.array(EventBody) }), 400: ErrorBody } },
  }, async (req) => {
    const q = req.query;
    const events = await ctx.store.queryEvents({
      tenant: tenantOf(req, ctx.tokens), limit: q.limit,
      ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.parser ? { parser: q.parser } : {}), ...(q.q ? { text: q.q } : {}), ...(q.field ? { where: q.field } : {}),
    });
    return { events };
  });
  r.get('/api/v1/unparsed', {
    config: { access: 'read' },
    schema: { tags: ['events'], querystring: z.object({ limit: Limit(1000, 100) }), response: { 200: z.object({ total: z.number(), unparsed: z.array(Unparsed) }) } },
  }, async (req) => {
    const tenant = tenantOf(req, ctx.tokens);
    return { total: await ctx.store.countUnparsed(tenant), unparsed: await ctx.store.listUnparsed(tenant, req.query.limit) };
  });
  r.get('/api/v1/counters', {
    config: { access: 'read' },
    schema: { tags: ['events'], description: 'pipeline counters: lines, parsed:<parser>, mined, unparsed:<reason>, empty', response: { 200: z.object({ counters: z.record(z.string(), z.number()) }) } },
  }, async (req) => ({ counters: await ctx.store.counters(tenantOf(req, ctx.tokens)) }));
}
