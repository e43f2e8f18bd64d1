// The route groups of the API, one file each. Adding a group is one file and one line here;
// the isolation test walks every registered route, so a new route without an entry in its
// table fails the build until its tenant behaviour is stated.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { healthRoutes } from './health.ts';
import { ingestRoutes } from './ingest.ts';
import { eventRoutes } from './events.ts';
import { templateRoutes } from './templates.ts';
import { alertRoutes } from './alerts.ts';
import { adminRoutes } from './admin.ts';
import { tokenRoutes } from './tokens.ts';
import { streamRoutes } from './stream.ts';
import { ruleRoutes } from './rules.ts';
import { whoamiRoutes } from './whoami.ts';
import { overviewRoutes } from './overview.ts';
import { anomalyRoutes } from './anomaly.ts';
import { attackGraphRoutes } from './attack-graph.ts';
import { retentionJob } from '../retention.ts';

export type RouteGroup = (app: FastifyInstance, ctx: ServerContext) => Promise<void> | void;

export const ROUTE_GROUPS: readonly RouteGroup[] = [
  healthRoutes,
  ingestRoutes,
  eventRoutes,
  templateRoutes,
  alertRoutes,
  adminRoutes,
  tokenRoutes,
  streamRoutes,
  ruleRoutes,
  whoamiRoutes,
  overviewRoutes,
  anomalyRoutes,
  attackGraphRoutes,
  // Background work that lives with the server (no routes): deleting data past retention.
  retentionJob,
];
