// The global admin's routes: tenants, and tokens of any tenant (including other global
// admins). Tenant tokens never reach these (permission `global`).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { ROLES } from '../auth/roles.ts';
import { TENANT_PATTERN } from '../../core/layers.ts';
import { ErrorBody, IdParam } from './schemas.ts';

export const TokenRowBody = z.object({ id: z.string(), tenant: z.string().nullable(), role: z.enum(ROLES), name: z.string(), created: z.number(), revoked: z.number().nullable() });
const TenantBody = z.object({ name: z.string(), created: z.number() });

export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'global' as const };
  r.get('/api/v1/admin/tenants', { config: access, schema: { tags: ['admin'], response: { 200: z.object({ tenants: z.array(TenantBody) }) } } },
    async () => ({ tenants: ctx.tokens.listTenants() }));
  r.post('/api/v1/admin/tenants', {
    config: access,
    schema: { tags: ['admin'], body: z.object({ name: z.string().regex(TENANT_PATTERN) }), response: { 201: TenantBody, 409: ErrorBody } },
  }, async (req, reply) => {
    if (ctx.tokens.hasTenant(req.body.name)) throw new HttpError(409, `tenant ${req.body.name} exists`);
    return reply.code(201).send(ctx.tokens.addTenant(req.body.name));
  });
  r.get('/api/v1/admin/tokens', {
    config: access,
    schema: { tags: ['admin'], querystring: z.object({ tenant: z.string().optional() }), response: { 200: z.object({ tokens: z.array(TokenRowBody) }) } },
  }, async (req) => ({ tokens: ctx.tokens.listTokens(req.query.tenant) }));
  r.post('/api/v1/admin/tokens', {
    config: access,
    schema: {
      tags: ['admin'], description: 'the token is shown once, in this answer',
      body: z.object({ tenant: z.string().nullable(), role: z.enum(ROLES), name: z.string().max(200).default('') }),
      response: { 201: z.object({ token: z.string(), row: TokenRowBody }), 400: ErrorBody },
    },
  }, async (req, reply) => {
    try {
      return reply.code(201).send(ctx.tokens.createToken(req.body));
    } catch (err) {
      throw new HttpError(400, (err as Error).message);
    }
  });
  r.delete('/api/v1/admin/tokens/:id', { config: access, schema: { tags: ['admin'], params: IdParam, response: { 204: z.null(), 404: ErrorBody } } },
    async (req, reply) => {
      if (!ctx.tokens.revokeToken(req.params.id)) throw new HttpError(404, 'no active token with that id');
      return reply.code(204).send(null);
    });
}
