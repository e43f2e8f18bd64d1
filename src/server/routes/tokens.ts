// A tenant admin's own tokens: create (any tenant role but global-admin), list, revoke —
// always within the token's tenant, so another tenant's token id is simply "not found".
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { HttpError } from '../http-error.ts';
import { ErrorBody, IdParam } from './schemas.ts';
import { TokenRowBody } from './admin.ts';

export function tokenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const access = { access: 'manage' as const };
  r.get('/api/v1/tokens', { config: access, schema: { tags: ['tokens'], response: { 200: z.object({ tokens: z.array(TokenRowBody) }) } } },
    async (req) => ({ tokens: ctx.tokens.listTokens(tenantOf(req, ctx.tokens)) }));
  r.post('/api/v1/tokens', {
    config: access,
    schema: {
      tags: ['tokens'], description: 'the token is shown once, in this answer',
      body: z.object({ role: z.enum(['admin', 'analyst', 'ingest']), name: z.string().max(200).default('') }),
      response: { 201: z.object({ token: z.string(), row: TokenRowBody }) },
    },
  }, async (req, reply) => reply.code(201).send(ctx.tokens.createToken({ tenant: tenantOf(req, ctx.tokens), role: req.body.role, name: req.body.name })));
  r.delete('/api/v1/tokens/:id', { config: access, schema: { tags: ['tokens'], params: IdParam, response: { 204: z.null(), 404: ErrorBody } } },
    async (req, reply) => {
      if (!ctx.tokens.revokeToken(req.params.id, tenantOf(req, ctx.tokens))) throw new HttpError(404, 'no active token with that id');
      return reply.code(204).send(null);
    });
}
