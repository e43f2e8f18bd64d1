// Ingest over HTTP: raw lines (text/plain, what rsyslog's omhttp or a script sends) and JSON
// lines (NDJSON, what Fluent Bit's `http` output with `format json_lines` and Vector's `http`
// sink with `ndjson` send), either gzip-compressed or not. The answer comes after the batch
// is committed.
import { gunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { HttpError } from '../http-error.ts';
import { ErrorBody } from './schemas.ts';

const Result = z.object({ lines: z.number(), events: z.number(), unparsed: z.number(), duplicates: z.number() });
const Query = z.object({
  source: z.string().regex(/^[A-Za-z0-9_.:/@-]{1,100}$/).optional().describe('shown on events as their source (default http-raw / http-json)'),
});
const Headers = z.object({
  'x-batch-id': z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/).optional()
    .describe('idempotency key: re-sending a batch with the same id stores nothing twice'),
});

const bodyOf = (b: unknown): Buffer => {
  if (Buffer.isBuffer(b)) return b;
  throw new HttpError(415, 'send the lines as text/plain or application/x-ndjson');
};

export function ingestRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Ingest bodies are framed from bytes (offsets make event ids), never decoded as a whole;
  // this scope only, so the other groups keep Fastify's JSON body parser. NDJSON sent as
  // application/json (some shippers do) is taken as lines too.
  app.removeAllContentTypeParsers();
  // Shippers compress by default (Vector's http sink, Fluent Bit's `compress gzip`): a gzip
  // body is inflated here, bounded by the same body limit as a plain one (no zip bombs).
  const limit = ctx.config.ingest.maxBodyBytes;
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    const encoding = req.headers['content-encoding']?.toLowerCase().trim();
    if (encoding === undefined || encoding === 'identity') return done(null, body);
    if (encoding !== 'gzip') return done(new HttpError(415, `content-encoding ${encoding} is not accepted: send gzip or none`));
    gunzip(body as Buffer, { maxOutputLength: limit }, (err, inflated) => {
      if (!err) return done(null, inflated);
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      done(new HttpError(tooBig ? 413 : 400, tooBig ? `gzip body inflates past ${limit} bytes; send smaller batches` : `bad gzip body: ${err.message}`));
    });
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const responses = { 200: Result, 400: ErrorBody, 429: ErrorBody };
  r.post('/api/v1/ingest/raw', {
    config: { access: 'ingest' },
    schema: { tags: ['ingest'], description: 'Raw log lines, one per line (text/plain)', querystring: Query, headers: Headers, response: responses },
  }, async (req) => ctx.ingest.ingest(tenantOf(req, ctx.tokens), req.query.source ?? 'http-raw', bodyOf(req.body), req.headers['x-batch-id']));
  r.post('/api/v1/ingest/json', {
    config: { access: 'ingest' },
    schema: { tags: ['ingest'], description: 'JSON objects, one per line (application/x-ndjson)', querystring: Query, headers: Headers, response: responses },
  }, async (req) => {
    // Every line must be a JSON object; the ingest service checks it on the parsed batch.
    const tenant = tenantOf(req, ctx.tokens);
    return ctx.ingest.ingest(tenant, req.query.source ?? 'http-json', bodyOf(req.body), req.headers['x-batch-id'], { jsonLines: true });
  });
}
