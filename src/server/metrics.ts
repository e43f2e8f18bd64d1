// Prometheus metrics of one server. A registry per server (not prom-client's global one),
// so tests can run several servers in one process without their counts mixing.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  /** Lines received, per tenant and source (`http-raw`, `http-json`, …). */
  linesIn: Counter<'tenant' | 'source'>;
  /** Parse-stage outcomes per tenant: `parsed:<parser>`, `mined`, `unparsed`, `empty` — the parse coverage. */
  parsed: Counter<'tenant' | 'outcome'>;
  /** Events and unparsed records committed to the store, per tenant and source. */
  stored: Counter<'tenant' | 'source' | 'kind'>;
  /** Ingest batches accepted but not yet committed. */
  queueDepth: Gauge;
  /** Requests refused for backpressure. */
  rejected: Counter<'reason'>;
  /** Live-stream subscribers. */
  streamClients: Gauge;
  latency: Histogram<'method' | 'route' | 'status'>;
  authFailures: Counter<'reason'>;
}

export function serverMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'stegosoc_' });
  const registers = [registry];
  return {
    registry,
    linesIn: new Counter({ name: 'stegosoc_ingest_lines_total', help: 'Lines received over HTTP', labelNames: ['tenant', 'source'], registers }),
    parsed: new Counter({ name: 'stegosoc_parse_outcomes_total', help: 'Parse-stage outcome per line (parse coverage)', labelNames: ['tenant', 'outcome'], registers }),
    stored: new Counter({ name: 'stegosoc_store_records_total', help: 'Records committed to the store', labelNames: ['tenant', 'source', 'kind'], registers }),
    queueDepth: new Gauge({ name: 'stegosoc_ingest_queue_depth', help: 'Ingest batches accepted and not yet committed', registers }),
    rejected: new Counter({ name: 'stegosoc_ingest_rejected_total', help: 'Ingest requests refused', labelNames: ['reason'], registers }),
    streamClients: new Gauge({ name: 'stegosoc_stream_clients', help: 'Open live-stream connections', registers }),
    latency: new Histogram({
      name: 'stegosoc_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers,
    }),
    authFailures: new Counter({ name: 'stegosoc_auth_failures_total', help: 'Failed authentications', labelNames: ['reason'], registers }),
  };
}
