// The tenant's attack graph: compute, the graph (full AND/OR or host view) with the live
// alerts placed on it, one node's facts and CVEs, exports in every format, hardening advice
// and what-if questions. The graph comes from the tenant's own inventory only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { HttpError } from '../http-error.ts';
import { placeAlert } from '../../attackgraph/analyses/place-alerts.ts';
import { EXPORTS, type GraphView, type PlacedAlert } from '../attack-graph-service.ts';
import { attackGraphRemote } from '../attack-graph-remote.ts';
import { ErrorBody } from './schemas.ts';

const Kind = z.enum(['AND', 'OR', 'LEAF']);
const Summary = z.object({ nodes: z.number(), edges: z.number(), goals: z.array(z.string()), computedAt: z.number(), ms: z.number() });
const Graph = z.object({
  nodes: z.array(z.object({
    id: z.string(), kind: Kind, label: z.string(), host: z.string().nullable(), goal: z.boolean(), onGoalPath: z.boolean(), attacker: z.boolean(),
    next: z.number().nullable().describe('rank of a next step gaining this node'),
  })),
  edges: z.array(z.object({ source: z.string(), target: z.string(), onGoalPath: z.boolean() })),
  goals: z.array(z.string()),
  attacker: z.object({
    positions: z.array(z.object({ nodeId: z.string(), host: z.string(), privilege: z.string(), alertIds: z.array(z.string()) })),
    nextSteps: z.array(z.object({ nodeId: z.string(), label: z.string(), probability: z.number(), rank: z.number() })),
  }),
});
const Node = z.object({
  id: z.string(), kind: Kind, label: z.string(), fact: z.string(), host: z.string().nullable(),
  cves: z.array(z.object({ id: z.string(), cvss: z.number().nullable(), summary: z.string().nullable() })),
  derivedBy: z.array(z.string()), enables: z.array(z.string()),
});
const Fix = z.object({ id: z.string(), kind: z.string(), description: z.string(), cost: z.number(), removeFacts: z.array(z.string()) });
const Harden = z.object({
  goals: z.array(z.string()), fixes: z.array(Fix), totalCost: z.number(), optimal: z.boolean(), lowerBound: z.number(), uncuttable: z.array(z.string()),
  verification: z.object({ reevaluated: z.boolean(), goalsStillReachable: z.array(z.string()) }),
});
const Diff = z.object({
  fixes: z.array(z.string()), lost: z.array(z.string()), gained: z.array(z.string()), goalsBefore: z.array(z.string()), goalsAfter: z.array(z.string()),
  andsBefore: z.number(), andsAfter: z.number(),
});
const FactText = z.string().min(1).max(1000);

export function attackGraphRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // On a thread of its own: a compute does not hold every other request behind it.
  const service = attackGraphRemote(ctx.config.dataDir);
  app.addHook('onClose', () => service.close());
  // Alerts an analyst dismissed (false positives) do not place the attacker anywhere.
  // Only alerts that prove a foothold place the attacker (a scan or a failed spray does not),
  // as the host and account the alert names (place-alerts.ts).
  const liveAlerts = async (tenant: string): Promise<PlacedAlert[]> => {
    const dir = await service.directory(tenant);
    return (await ctx.alerts.placements(tenant)).flatMap((a) => placeAlert(a, dir).map((p) => ({
      id: a.id, ruleId: a.rule.id, level: a.rule.level, time: a.time, ...(p.host ? { host: p.host } : {}), ...(p.user ? { user: p.user } : {}),
    })));
  };
  r.post('/api/v1/attack-graph/compute', {
    config: { access: 'read' },
    schema: { tags: ['attack-graph'], description: 'rebuild from the tenant\'s inventory directory', response: { 200: Summary, 422: ErrorBody } },
  }, async (req) => service.compute(tenantOf(req, ctx.tokens)));
  r.get('/api/v1/attack-graph', {
    config: { access: 'read' },
    schema: {
      tags: ['attack-graph'], description: 'computed on first read and kept until the next compute; edges point along the attack (premise → rule instance → gained fact); node ids: f<n> fact, a<n> rule instance, h:<host> host view',
      querystring: z.object({ view: z.enum(['full', 'hosts']).default('full') }), response: { 200: Graph, 422: ErrorBody },
    },
  }, async (req, reply) => {
    const tenant = tenantOf(req, ctx.tokens);
    // The kept JSON text goes out as is (a string body with a JSON type is not serialised
    // again): thousands of nodes need not be validated and stringified on every read.
    const { json } = await service.view(tenant, req.query.view, await liveAlerts(tenant));
    return reply.type('application/json').send(json as unknown as GraphView);
  });
  r.get('/api/v1/attack-graph/nodes/:id', {
    config: { access: 'read' },
    schema: { tags: ['attack-graph'], params: z.object({ id: z.string().min(1).max(300) }), response: { 200: Node, 404: ErrorBody } },
  }, async (req) => {
    const node = await service.node(tenantOf(req, ctx.tokens), req.params.id);
    if (!node) throw new HttpError(404, 'no node with that id in this tenant\'s graph');
    return node;
  });
  r.get('/api/v1/attack-graph/export', {
    config: { access: 'read' },
    schema: {
      tags: ['attack-graph'], description: 'the file; two-file formats (mulval-csv, neo4j-csv) as {files:{name:content}}',
      querystring: z.object({ format: z.enum(EXPORTS).default('json') }),
    },
  }, async (req, reply) => {
    const out = await service.exportAs(tenantOf(req, ctx.tokens), req.query.format);
    return reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`).send(out.body);
  });
  r.get('/api/v1/attack-graph/harden', {
    config: { access: 'read' },
    schema: { tags: ['attack-graph'], description: 'cheapest fixes cutting every path to the goals, verified by re-evaluation', response: { 200: Harden } },
  }, async (req) => service.harden(tenantOf(req, ctx.tokens)));
  r.post('/api/v1/attack-graph/what-if', {
    config: { access: 'read' },
    schema: {
      tags: ['attack-graph'], description: 'apply fixes (ids from /harden), remove or add facts; the graph is re-evaluated, the stored one is unchanged',
      body: z.object({ fixes: z.array(z.string().max(1000)).max(1000).default([]), remove: z.array(FactText).max(1000).default([]), add: z.array(FactText).max(1000).default([]) }),
      response: { 200: Diff, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (req) => service.whatIf(tenantOf(req, ctx.tokens), req.body));
}
