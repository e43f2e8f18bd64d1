// L2 anomaly detection for the console: the stored hourly reports (list, one report as JSON,
// HTML with its chart, or Markdown), findings over a time range, and marking a finding a
// false positive (a suppression in the tenant's layer: the same finding is not reported again).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { HttpError } from '../http-error.ts';
import { renderReport, REPORT_FORMATS } from '../../detect/anomaly/report/render.ts';
import { openAnomalyService } from '../anomaly-service.ts';
import { ErrorBody, TimeParam } from './schemas.ts';

/** `2026-11-28T10` (UTC), any ISO 8601 time within the hour, or epoch ms: the hour's start. */
const HourParam = z.string().max(40).transform((s, ctx) => {
  const short = /^(\d{4}-\d{2}-\d{2})T(\d{2})$/.exec(s);
  const t = /^\d+$/.test(s) ? Number(s) : short ? Date.parse(`${short[1]}T${short[2]}:00:00Z`) : /T\d{2}:\d{2}/.test(s) ? Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(s) ? s : `${s}Z`) : NaN;
  if (!Number.isFinite(t)) {
    ctx.addIssue({ code: 'custom', message: `not an hour: ${JSON.stringify(s)} (use 2026-11-28T10, ISO 8601 or epoch ms)` });
    return z.NEVER;
  }
  return t - (t % 3_600_000);
});

const Entity = z.object({ type: z.string(), value: z.string() });
const Finding = z.object({
  hour: z.string(), detector: z.string(), kind: z.string(), entity: Entity, key: z.string(), score: z.number(), band: z.string(), reason: z.string(),
  expected: z.number().optional(), actual: z.number().optional(), template: z.string().optional(), samples: z.array(z.string()),
});
const FORMAT_NAMES = { json: 'json', html: 'html', markdown: 'md', md: 'md' } as const;

export function anomalyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const service = openAnomalyService(ctx.config.dataDir, ctx.anomalyState);
  app.addHook('onClose', async () => service.close());
  r.get('/api/v1/anomaly/reports', {
    config: { access: 'read' },
    schema: {
      tags: ['anomaly'],
      response: { 200: z.object({ reports: z.array(z.object({ hour: z.string(), findings: z.number(), topScore: z.number(), topEntity: z.string().nullable() })) }) },
    },
  }, async (req) => ({ reports: await service.reports(tenantOf(req, ctx.tokens)) }));
  r.get('/api/v1/anomaly/reports/:hour', {
    config: { access: 'read' },
    schema: {
      tags: ['anomaly'], description: 'json: the report object; html: the self-contained page with its chart; markdown',
      params: z.object({ hour: HourParam }),
      querystring: z.object({ format: z.enum(['json', 'html', 'markdown', 'md']).default('json') }),
    },
  }, async (req, reply) => {
    const report = await service.report(tenantOf(req, ctx.tokens), req.params.hour);
    // Another tenant's hour answers exactly like an hour with no report.
    if (!report) throw new HttpError(404, 'no report for that hour in this tenant');
    const format = FORMAT_NAMES[req.query.format];
    if (format === 'json') return reply.type('application/json').send(JSON.stringify(report));
    return reply.type(REPORT_FORMATS[format].contentType).send(renderReport(report, format));
  });
  r.get('/api/v1/anomaly/findings', {
    config: { access: 'read' },
    schema: {
      tags: ['anomaly'],
      querystring: z.object({
        from: TimeParam.optional().describe('hours starting at or after'), to: TimeParam.optional().describe('hours starting before'),
        minScore: z.coerce.number().min(0).max(100).default(0),
      }),
      response: { 200: z.object({ findings: z.array(Finding) }), 400: ErrorBody },
    },
  }, async (req) => {
    const q = req.query;
    return {
      findings: await service.findings(tenantOf(req, ctx.tokens), {
        minScore: q.minScore, ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}),
      }),
    };
  });
  r.post('/api/v1/anomaly/findings/false-positive', {
    config: { access: 'triage' },
    schema: {
      tags: ['anomaly'], description: 'suppress a finding (by its key) in the tenant\'s suppressions layer',
      body: z.object({ hour: HourParam, key: z.string().min(1).max(2000), reason: z.string().trim().min(1).max(2000) }),
      response: { 200: z.object({ suppression: z.object({ id: z.string(), detector: z.string().optional(), key: z.string().optional(), reason: z.string() }) }), 404: ErrorBody },
    },
  }, async (req) => {
    const b = req.body;
    const s = await service.falsePositive(tenantOf(req, ctx.tokens), b.hour, b.key, req.principal?.tokenId ?? 'unknown', b.reason);
    if (!s) throw new HttpError(404, 'no finding with that key in that hour\'s report of this tenant');
    return { suppression: { id: s.id, reason: s.reason, ...(s.detector ? { detector: s.detector } : {}), ...(s.key ? { key: s.key } : {}) } };
  });
}
