// The console's overview: alerts by severity per hour, the entities most alerted on, ingest per
// source per hour and parse coverage, from the store's SQL aggregates (overview-service.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { overview } from '../overview-service.ts';
import { ErrorBody, TimeParam } from './schemas.ts';

const Hour = z.string().describe('start of the hour, ISO 8601 UTC');
const Overview = z.object({
  span: z.object({ from: z.number(), to: z.number() }),
  alertsBySeverity: z.array(z.object({ hour: Hour, critical: z.number(), high: z.number(), medium: z.number(), low: z.number(), informational: z.number() })),
  topEntities: z.array(z.object({ field: z.string(), value: z.string(), alerts: z.number() })),
  ingestBySource: z.array(z.object({ source: z.string(), events: z.number(), perHour: z.array(z.object({ hour: Hour, n: z.number() })) })),
  parseCoverage: z.object({ known: z.number(), learned: z.number(), unparsed: z.number(), byParser: z.array(z.object({ parser: z.string(), n: z.number() })) }),
});

export function overviewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/overview', {
    config: { access: 'read' },
    schema: {
      tags: ['overview'],
      description: 'default range: the whole stored span of the tenant\'s events. Ingest per source and parse coverage count by hour (the hours whose start lies in the range); unparsed lines, which have no event time, count whole.',
      querystring: z.object({ from: TimeParam.optional().describe('epoch ms or ISO 8601, inclusive'), to: TimeParam.optional().describe('inclusive') }),
      response: { 200: Overview, 400: ErrorBody },
    },
  }, async (req) => {
    const q = req.query;
    return overview(ctx.store, tenantOf(req, ctx.tokens), { ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}) });
  });
}
