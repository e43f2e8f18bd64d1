// The one gate in front of every route: it reads `Authorization: Bearer <token>`, checks the
// route's declared permission against the token's role, and resolves the tenant the request
// acts in. Routes never read a tenant from the request themselves: they call `tenantOf`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.ts';
import { allows, type Permission } from './roles.ts';
import type { Principal, TokenStore } from './token-store.ts';
import type { FailureLimiter } from './failure-limiter.ts';
import type { ServerMetrics } from '../metrics.ts';

/** `public`: no token (health only); `any`: any valid token. */
export type Access = Permission | 'public' | 'any';

/** Header by which a global admin names the tenant a request acts in. */
export const TENANT_HEADER = 'x-stegosoc-tenant';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function installAuth(app: FastifyInstance, deps: { tokens: TokenStore; limiter: FailureLimiter; metrics: ServerMetrics }): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    // A route that forgot to declare its access is closed, not open.
    if (access === 'public') return;
    const ip = req.ip;
    if (deps.limiter.blocked(ip)) {
      deps.metrics.authFailures.inc({ reason: 'rate-limited' });
      throw new HttpError(429, 'too many failed authentications; try again later', { 'retry-after': String(deps.limiter.retryAfter(ip)) });
    }
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const principal = m?.[1] ? deps.tokens.verify(m[1]) : undefined;
    if (!principal) {
      deps.limiter.fail(ip);
      deps.metrics.authFailures.inc({ reason: header ? 'bad-token' : 'missing-token' });
      throw new HttpError(401, header ? 'invalid or revoked token' : 'missing Authorization: Bearer <token>', { 'www-authenticate': 'Bearer' });
    }
    if (access !== 'any' && (access === undefined || !allows(principal.role, access))) {
      throw new HttpError(403, `role ${principal.role} may not ${access ?? 'use this route'}`);
    }
    req.principal = principal;
  });
}

/** `?tenant=T` from the raw URL: route schemas strip query keys they do not declare. */
function tenantQuery(url: string): string | undefined {
  const q = url.indexOf('?');
  return q < 0 ? undefined : (new URLSearchParams(url.slice(q + 1)).get('tenant') ?? undefined);
}

/** The tenant the request acts in: the token's own, or for a global admin the one named in
 *  the X-StegoSOC-Tenant header or the `tenant` query parameter. A tenant token naming
 *  another tenant is refused. */
export function tenantOf(req: FastifyRequest, tokens: TokenStore): string {
  const p = req.principal;
  if (!p) throw new HttpError(401, 'not authenticated');
  const named = req.headers[TENANT_HEADER] ?? tenantQuery(req.url);
  const asked = Array.isArray(named) ? named[0] : named;
  if (p.tenant !== null) {
    if (asked !== undefined && asked !== p.tenant) throw new HttpError(403, 'a tenant token acts only in its own tenant');
    return p.tenant;
  }
  if (asked === undefined) throw new HttpError(400, `a global admin must name the tenant in the ${TENANT_HEADER} header`);
  if (!tokens.hasTenant(asked)) throw new HttpError(404, `no tenant ${asked}`);
  return asked;
}
