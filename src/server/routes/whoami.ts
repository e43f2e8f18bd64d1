// Who the bearer token is: its tenant (null for a global admin), role and id, so the console
// can show the tenant and hide actions the role may not take.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../http-error.ts';
import { TENANT_HEADER, tenantOf } from '../auth/authenticate.ts';

const WhoAmI = z.object({ tenant: z.string().nullable(), role: z.enum(['admin', 'analyst', 'ingest', 'global']), tokenId: z.string() });

export function whoamiRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/whoami', {
    config: { access: 'any' },
    schema: { tags: ['auth'], response: { 200: WhoAmI } },
  }, async (req) => {
    const p = req.principal;
    if (!p) throw new HttpError(401, 'not authenticated');
    // A tenant token naming another tenant is refused here as everywhere; a global admin that
    // names a tenant acts in it, one that names none acts in no tenant.
    const named = p.tenant !== null || req.headers[TENANT_HEADER] !== undefined || /[?&]tenant=/.test(req.url);
    const tenant = named ? tenantOf(req, ctx.tokens) : null;
    return { tenant, role: p.role === 'global-admin' ? ('global' as const) : p.role, tokenId: p.tokenId };
  });
}
