// Builds the HTTP server: Fastify with zod schemas (they validate, type the handlers and
// produce the OpenAPI document), the auth gate, metrics, and the route groups of routes/.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ServerConfig } from '../config/schema.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { PostgresCorrelationStateStore } from '../store/postgres/correlation-state-postgres.ts';
import { postgresAnomalyState } from '../store/postgres/anomaly-state-postgres.ts';
import type { Store } from '../store/store.ts';
import { tenantParts } from '../pipeline/parse-parts.ts';
import { DetectStage } from '../pipeline/detect-stage.ts';
import { openTokenStore, tokenDbPath } from './auth/token-store.ts';
import { installAuth } from './auth/authenticate.ts';
import { failureLimiter } from './auth/failure-limiter.ts';
import { serverMetrics } from './metrics.ts';
import { liveHub } from './live-hub.ts';
import { ingestService, QueueFullError } from './ingest-service.ts';
import { alertDesk } from './alert-desk.ts';
import { storeChoice } from './store-address.ts';
import { HttpError } from './http-error.ts';
import { ROUTE_GROUPS } from './routes/registry.ts';
import { registerConsole } from './static.ts';
import type { ServerContext } from './context.ts';

export interface App {
  app: FastifyInstance;
  /** Every route registered (`GET /api/v1/events`), so tests can check each one. */
  routes: string[];
  ctx: ServerContext;
  /** Stops accepting, waits for queued batches, saves miners, closes the databases. */
  close(): Promise<void>;
}

export async function buildApp(config: ServerConfig): Promise<App> {
  const choice = storeChoice(config);
  // On SQLite, commits on the store's writer thread, so parsing and L1 on this thread overlap
  // with SQLite; on PostgreSQL, the store's pool.
  const shared = choice.kind === 'postgres' ? await openPostgresStore(choice.target) : undefined;
  const store: Store = shared ?? openSqliteStore(choice.target, { writerThread: true });
  // On PostgreSQL the correlation windows and the anomaly reports are the tenant's data in the
  // store too, so a server started on another host carries on with them.
  const correlationState = shared ? new PostgresCorrelationStateStore(shared, (m) => app.log.warn(m)) : undefined;
  const anomalyState = shared ? postgresAnomalyState(shared) : undefined;
  const tokens = openTokenStore(tokenDbPath(config.dataDir));
  const alerts = alertDesk(store);
  const metrics = serverMetrics();
  const hub = liveHub();
  const parts = tenantParts({ dataDir: config.dataDir, store });
  // L1 runs on every ingested batch; its alerts commit with the batch in the store, where the
  // alert desk reads them (its correlation state: the SQLite store's file, or PostgreSQL).
  // Correlation state saved every 10 s, not after every batch: it is one JSON snapshot whose
  // save grew to cost more than the batch itself, and an HTTP batch once answered is never
  // replayed from a checkpoint, so a crash loses at most 10 s of open correlation windows.
  const detect = new DetectStage({ dataDir: config.dataDir, file: choice.detectFile, state: correlationState, onWarning: (m) => app.log.warn(m), stateEveryMs: 10_000,
    // Alerts commit with their batch on the store's writer thread: a second writer of the
    // file on this thread would wait for the writer's lock (or fail on a stale snapshot).
    alertsWithBatch: true, watchRules: config.detect.watchRules, throttleMs: config.detect.throttleMs });
  const ingest = ingestService({ store, parts, metrics, hub, detect, maxQueued: config.ingest.maxQueuedBatches });
  const ctx: ServerContext = { config, store, tokens, metrics, hub, ingest, alerts, detect, anomalyState };

  const app = Fastify({ logger: { level: config.log.level }, bodyLimit: config.ingest.maxBodyBytes });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'StegoSOC API', version: '0.1.0', description: 'Ingest, search, alerts, templates and tenants. Every route but health needs `Authorization: Bearer <token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  installAuth(app, { tokens, limiter: failureLimiter(config.auth.maxFailures, config.auth.failureWindowMs), metrics });
  app.addHook('onResponse', async (req, reply) => {
    metrics.latency.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) return reply.code(err.status).headers(err.headers).send({ error: err.message });
    if (err instanceof QueueFullError) return reply.code(429).header('retry-after', '1').send({ error: err.message });
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => `${v.instancePath || '/'} ${v.message ?? ''}`.trim());
      return reply.code(400).send({ error: `invalid request: ${issues.join('; ')}` });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: (err as Error).message });
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal error' });
  });
  // The console's files first: registered before route collection starts, they are not API routes.
  await registerConsole(app);
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  for (const group of ROUTE_GROUPS) await app.register(async (scope) => group(scope, ctx));
  await app.ready();
  return {
    app,
    routes,
    ctx,
    async close() {
      await app.close();
      await ingest.flush();
      detect.close();
      await correlationState?.flush();
      tokens.close();
      await store.close();
    },
  };
}

