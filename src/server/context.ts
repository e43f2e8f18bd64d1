// What every route group receives: the server's parts, built once in app.ts. Routes stay
// thin: they translate HTTP to calls on these and back.
import type { Store } from '../store/store.ts';
import type { ServerConfig } from '../config/schema.ts';
import type { TokenStore } from './auth/token-store.ts';
import type { ServerMetrics } from './metrics.ts';
import type { LiveHub } from './live-hub.ts';
import type { IngestService } from './ingest-service.ts';
import type { AlertDesk } from './alert-desk.ts';
import type { DetectStage } from '../pipeline/detect-stage.ts';
import type { AnomalyStateStore } from '../detect/anomaly/state/state-store.ts';

export interface ServerContext {
  config: ServerConfig;
  store: Store;
  tokens: TokenStore;
  metrics: ServerMetrics;
  hub: LiveHub;
  ingest: IngestService;
  alerts: AlertDesk;
  /** L1 in the ingest path; reloaded for a tenant when its rules or filters change. */
  detect: DetectStage;
  /** The anomaly stage's state when the shared store keeps it (PostgreSQL); else the anomaly
   *  routes open `<dataDir>/anomaly.db`. */
  anomalyState?: AnomalyStateStore;
}
