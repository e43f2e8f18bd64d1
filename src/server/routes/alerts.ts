// Alerts of the Sigma stage with their triage: list, detail, and the analyst's actions
// (acknowledge, assign, close with a reason, mark false positive, reopen).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { HttpError } from '../http-error.ts';
import { TRIAGE_ACTIONS } from '../alert-desk.ts';
import { alertDetail } from '../alert-detail.ts';
import { writeFalsePositiveFilter } from '../alert-feedback.ts';
import { ErrorBody, IdParam, Limit, TimeParam } from './schemas.ts';

const Status = z.enum(['new', 'acknowledged', 'closed', 'false-positive']);
const Alert = z.object({
  id: z.string(), tenant: z.string(), time: z.number(), kind: z.enum(['rule', 'correlation']),
  rule: z.object({
    id: z.string(), title: z.string(), level: z.string(), status: z.string().optional(), author: z.string().optional(),
    description: z.string().optional(), tags: z.array(z.string()), references: z.array(z.string()), layer: z.string().optional(),
  }),
  input: z.object({ line: z.number().optional(), lines: z.array(z.number()).optional(), source: z.string().optional() }),
  group: z.record(z.string(), z.string()).optional(),
  groupKey: z.string().optional(),
  correlation: z.object({ type: z.string(), value: z.number(), timespanMs: z.number() }).optional(),
  events: z.array(z.record(z.string(), z.unknown())),
  repeats: z.number(),
  triage: z.object({ status: Status, assignee: z.string().nullable(), reason: z.string().nullable(), updated: z.number().nullable(), by: z.string().nullable() }),
});

const EventLine = z.object({ id: z.string(), time: z.number(), source: z.string(), parser: z.string(), raw: z.string(), fields: z.record(z.string(), z.unknown()) });
const AlertDetail = Alert.extend({
  attack: z.array(z.string()).describe('the rule\'s ATT&CK tags'),
  matchedEvents: z.array(EventLine).describe('the matched events with their raw lines'),
  related: z.array(EventLine.extend({ entity: z.object({ field: z.string(), value: z.string() }) })).describe('events of the same entity within ±15 minutes'),
});
const Triaged = Alert.extend({
  filter: z.object({ id: z.string(), rules: z.array(z.string()), selection: z.record(z.string(), z.unknown()) }).nullable().optional()
    .describe('false-positive: the L1 filter written to the tenant\'s filters layer (null when the alert names nothing to filter on)'),
});

const Change = z
  .object({
    action: z.enum(TRIAGE_ACTIONS),
    assignee: z.string().min(1).max(200).optional(),
    reason: z.string().max(2000).optional(),
  })
  .refine((c) => c.action !== 'assign' || c.assignee !== undefined, { message: 'assign needs an assignee' })
  .refine((c) => (c.action !== 'close' && c.action !== 'false-positive') || (c.reason ?? '').trim() !== '', { message: 'close and false-positive need a reason' });

export function alertRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/alerts', {
    config: { access: 'read' },
    schema: {
      tags: ['alerts'],
      querystring: z.object({
        since: TimeParam.optional(), rule: z.string().max(200).optional(), status: Status.optional(),
        level: z.string().max(200).optional().describe('severities, comma-separated: critical,high,medium,low,informational'),
        limit: Limit(1000, 100),
      }),
      response: { 200: z.object({ alerts: z.array(Alert) }) },
    },
  }, async (req) => {
    const q = req.query;
    return {
      alerts: await ctx.alerts.list({
        tenant: tenantOf(req, ctx.tokens), limit: q.limit,
        ...(q.since !== undefined ? { since: q.since } : {}), ...(q.rule ? { ruleId: q.rule } : {}), ...(q.status ? { status: q.status } : {}),
        ...(q.level ? { levels: q.level.split(',').map((l) => l.trim()).filter(Boolean) } : {}),
      }),
    };
  });
  r.get('/api/v1/alerts/:id', {
    config: { access: 'read' },
    schema: { tags: ['alerts'], params: IdParam, response: { 200: AlertDetail, 404: ErrorBody } },
  }, async (req) => {
    // Another tenant's alert id answers exactly like an id that does not exist.
    const alert = await ctx.alerts.get(tenantOf(req, ctx.tokens), req.params.id);
    if (!alert) throw new HttpError(404, 'no alert with that id in this tenant');
    return alertDetail(ctx.store, alert);
  });
  r.post('/api/v1/alerts/:id/triage', {
    config: { access: 'triage' },
    schema: {
      tags: ['alerts'], description: 'false-positive also writes an L1 filter for the same rule and entity into the tenant\'s filters layer',
      params: IdParam, body: Change, response: { 200: Triaged, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (req) => {
    const by = req.principal?.tokenId ?? 'unknown';
    const tenant = tenantOf(req, ctx.tokens);
    const alert = await ctx.alerts.triage(tenant, req.params.id, { ...req.body, by });
    if (!alert) throw new HttpError(404, 'no alert with that id in this tenant');
    if (req.body.action !== 'false-positive') return alert;
    const filter = writeFalsePositiveFilter(ctx.config.dataDir, tenant, alert, by, req.body.reason ?? '');
    // The tenant's detection engine is rebuilt on its next batch, with the filter in force.
    if (filter) ctx.detect.reload(tenant);
    return { ...alert, filter: filter ?? null };
  });
}
