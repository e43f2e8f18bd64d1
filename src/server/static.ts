// Serves the console (the Vite build in web/dist) from the API's own server at `/`, with the
// single-page-app fallback: any GET that is not an API path and not a built file answers
// index.html, so a reload on /alerts/abc lands in the app. The files are public (the login
// page has to load without a token); every byte of tenant data still comes through /api.
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { PRODUCT_ROOT } from '../core/layer-dirs.ts';

export const WEB_DIST = join(PRODUCT_ROOT, 'web', 'dist');

/** Paths the app never owns: an unknown one is a 404 from the API, not the app's page. */
const NOT_APP = /^\/(api|healthz|readyz|metrics|openapi\.json)(\/|$|\?)/;

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>StegoSOC</title>
<p>The console is not built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p>`;

/** The file under `root` a URL path names, or null when none exists (or it leaves root). */
function builtFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  if (rel === '' || rel.startsWith('..') || rel.includes(`${sep}..${sep}`)) return null;
  const full = join(root, rel);
  if (!full.startsWith(root + sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? rel : null;
}

/**
 * Registers the console's routes. Call before the API's route collection starts: these are
 * not API routes (no schema, no tenant), so they stay out of the OpenAPI document and out of
 * the per-route auth and isolation tables.
 */
export async function registerConsole(app: FastifyInstance, root: string = WEB_DIST): Promise<void> {
  const built = existsSync(join(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, serve: false, decorateReply: true });
  const sendIndex = (reply: FastifyReply) => {
    if (!built) return reply.code(503).type('text/html; charset=utf-8').send(MISSING_BUILD);
    // The page names hashed assets; it must be re-read after a rebuild, the assets need not.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };
  const opts = { config: { access: 'public' as const }, schema: { hide: true }, logLevel: 'warn' as const };
  app.get('/', opts, async (_req, reply) => sendIndex(reply));
  app.get('/*', opts, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (NOT_APP.test(path)) return reply.code(404).send({ error: `no route GET ${path}` });
    const file = built ? builtFile(root, path) : null;
    // A missing asset is a 404: index.html in its place would be run as a script.
    if (file === null && path.startsWith('/assets/')) return reply.code(404).send({ error: `no file ${path}` });
    if (file === null) return sendIndex(reply);
    // Vite names assets by their content hash: a name never changes meaning.
    if (file.startsWith(`assets${sep}`)) return reply.sendFile(file, { maxAge: '365d', immutable: true });
    return reply.sendFile(file);
  });
}
