// Templates the miner learned from lines no parser knew, and promoting one into a named
// parser in the tenant's parser layer (the same function `stegosoc templates promote` uses).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { promoteTemplate } from '../../pipeline/promote.ts';
import { HttpError } from '../http-error.ts';
import { ErrorBody, IdParam } from './schemas.ts';

const Template = z.object({
  templateId: z.string(), template: z.string(), count: z.number(), example: z.string(),
  params: z.array(z.object({ name: z.string(), type: z.string(), value: z.string() })),
  firstSeen: z.number(), lastSeen: z.number(), program: z.string().optional(),
});

export function templateRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/templates', {
    config: { access: 'read' },
    schema: { tags: ['templates'], response: { 200: z.object({ templates: z.array(Template) }) } },
  }, async (req) => ({ templates: await ctx.store.listTemplates(tenantOf(req, ctx.tokens)) }));
  r.post('/api/v1/templates/:id/promote', {
    config: { access: 'manage' },
    schema: {
      tags: ['templates'], params: IdParam,
      body: z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/).describe('parser name'), force: z.boolean().default(false) }),
      response: { 200: z.object({ name: z.string(), yaml: z.string() }), 404: ErrorBody, 409: ErrorBody },
    },
  }, async (req) => {
    const tenant = tenantOf(req, ctx.tokens);
    if (!(await ctx.store.getTemplate(tenant, req.params.id))) throw new HttpError(404, 'no template with that id in this tenant');
    try {
      const { yaml } = await promoteTemplate({ store: ctx.store, dataDir: ctx.config.dataDir, tenant, templateId: req.params.id, name: req.body.name, force: req.body.force });
      // The file path is the server's business; the caller learns the parser name and text.
      return { name: req.body.name, yaml };
    } catch (err) {
      if (err instanceof Error && err.message.includes('exists')) throw new HttpError(409, `parser ${req.body.name} exists; send force: true to replace it`);
      throw err;
    }
  });
}
