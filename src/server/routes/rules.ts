// Sigma rules of the token's tenant: the effective list (with each rule's layer), validating
// a rule text, and adding, overriding, removing, disabling and re-enabling local rules in the
// tenant's layer. Global rules are never changed from here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { HttpError } from '../http-error.ts';
import { listRules, putRule, removeRule, RULE_ID, setDisabled, validateRule } from '../rule-layer.ts';
import { ErrorBody } from './schemas.ts';

const RuleBody = z.object({
  id: z.string(), title: z.string(), kind: z.enum(['rule', 'correlation']), level: z.string().nullable(), author: z.string().nullable(),
  tags: z.array(z.string()), layer: z.string(),
});
const Validation = z.object({ ok: z.boolean(), ids: z.array(z.string()), errors: z.array(z.object({ line: z.number().nullable(), reason: z.string() })) });
const RuleText = z.object({ yaml: z.string().min(1).max(256 * 1024) });
const RuleId = z.object({ id: z.string().regex(RULE_ID) });

export function ruleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const dataDir = ctx.config.dataDir;
  r.get('/api/v1/rules', {
    config: { access: 'read' },
    schema: { tags: ['rules'], response: { 200: z.object({ rules: z.array(RuleBody), disabled: z.array(z.string()), errors: z.array(z.string()) }) } },
  }, async (req) => listRules(dataDir, tenantOf(req, ctx.tokens)));
  r.post('/api/v1/rules/validate', {
    config: { access: 'read' },
    schema: { tags: ['rules'], body: RuleText, response: { 200: Validation } },
  }, async (req) => {
    tenantOf(req, ctx.tokens);
    return validateRule(req.body.yaml);
  });
  r.put('/api/v1/rules/:id', {
    config: { access: 'manage' },
    schema: { tags: ['rules'], description: 'add a local rule, or override a global one with the same id', params: RuleId, body: RuleText, response: { 200: Validation, 400: ErrorBody, 422: Validation } },
  }, async (req, reply) => {
    const v = putRule(dataDir, tenantOf(req, ctx.tokens), req.params.id, req.body.yaml);
    return v.ok ? v : reply.code(422).send(v);
  });
  r.delete('/api/v1/rules/:id', {
    config: { access: 'manage' },
    schema: { tags: ['rules'], description: 'remove a local rule (a global one it overrode applies again)', params: RuleId, response: { 204: z.null(), 404: ErrorBody } },
  }, async (req, reply) => {
    if (!removeRule(dataDir, tenantOf(req, ctx.tokens), req.params.id)) throw new HttpError(404, 'no local rule with that id in this tenant');
    return reply.code(204).send(null);
  });
  r.post('/api/v1/rules/:id/disable', {
    config: { access: 'manage' },
    schema: { tags: ['rules'], params: RuleId, body: z.object({ disabled: z.boolean() }), response: { 204: z.null() } },
  }, async (req, reply) => {
    setDisabled(dataDir, tenantOf(req, ctx.tokens), req.params.id, req.body.disabled);
    return reply.code(204).send(null);
  });
}
