// Turns what a user asks for (paths, `-` for stdin, syslog listeners) into sources, and runs
// them into a store until the input ends or the process is told to stop. Shared by the
// `ingest` and `demo` commands.
import { existsSync } from 'node:fs';
import { isDynamicPattern } from 'tinyglobby';
import type { Source } from '../ingest/batch.ts';
import { fileSource } from '../ingest/file-source.ts';
import { streamSource } from '../ingest/stdin-source.ts';
import { syslogSource } from '../ingest/syslog/syslog-source.ts';
import { assertTenant } from '../core/layers.ts';
import type { Store } from '../store/store.ts';
import type { Counters } from './counters.ts';
import { tenantParts } from './parse-parts.ts';
import { progressReporter, silentProgress } from './progress.ts';
import { runIngest } from './run-ingest.ts';
import type { DetectStage } from './detect-stage.ts';

export interface Listen {
  host: string;
  port: number;
}

export interface IngestRequest {
  paths: readonly string[];
  tenant: string;
  follow: boolean;
  dataDir: string;
  store: Store;
  syslogUdp?: Listen;
  syslogTcp?: Listen;
  maxLineBytes?: number;
  pollMs?: number;
  progress?: boolean;
  /** L1 detection over every batch (the caller opens and closes it, as it does the store). */
  detect?: DetectStage;
  signal: AbortSignal;
  onWarning?: (message: string) => void;
  onListening?: (what: string) => void;
}

/** `514`, `0.0.0.0:514` or `[::1]:514`. */
export function parseListen(spec: string): Listen {
  const m = /^(?:\[([^\]]+)\]:|([^:]+):)?(\d{1,5})$/.exec(spec);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new Error(`invalid listen address ${JSON.stringify(spec)}: use PORT or HOST:PORT`);
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}

/** Sources only read checkpoints (`parse` gives them none to read). */
export type CheckpointReader = Pick<Store, 'getCheckpoint'> & Partial<Pick<Store, 'listCheckpoints'>>;

export function sourcesFor(req: Omit<IngestRequest, 'store'> & { store: CheckpointReader }): Source[] {
  const tenant = assertTenant(req.tenant);
  const sources: Source[] = [];
  const files = req.paths.filter((p) => p !== '-');
  const listCheckpoints = req.store.listCheckpoints?.bind(req.store);
  const maxLine = req.maxLineBytes !== undefined ? { maxLineBytes: req.maxLineBytes } : {};
  if (!req.follow) {
    // A mistyped path is an error, not an empty run; with --follow it may appear later.
    const missing = files.filter((p) => !isDynamicPattern(p) && !existsSync(p));
    if (missing.length > 0) throw new Error(`no such file: ${missing.join(', ')}`);
  }
  if (files.length > 0) {
    sources.push(fileSource({
      patterns: files, tenant, follow: req.follow, loadCheckpoint: (t, k) => req.store.getCheckpoint(t, k), ...maxLine,
      ...(listCheckpoints ? { listCheckpoints } : {}),
      ...(req.pollMs !== undefined ? { pollMs: req.pollMs } : {}), ...(req.onWarning ? { onWarning: req.onWarning } : {}),
    }));
  }
  if (req.paths.includes('-')) sources.push(streamSource({ tenant, ...maxLine }));
  for (const [protocol, listen] of [['udp', req.syslogUdp], ['tcp', req.syslogTcp]] as const) {
    if (!listen) continue;
    sources.push(syslogSource({
      tenant, protocol, host: listen.host, port: listen.port, ...maxLine,
      onListening: (a) => req.onListening?.(`syslog ${protocol} listening on ${a.host}:${a.port}`),
    }));
  }
  return sources;
}

export async function ingest(req: IngestRequest): Promise<Counters> {
  const sources = sourcesFor(req);
  if (sources.length === 0) throw new Error('nothing to ingest: give paths, `-` for stdin, or a syslog listener');
  const parts = tenantParts({ dataDir: req.dataDir, store: req.store, ...(req.onWarning ? { onWarning: req.onWarning } : {}) });
  return runIngest({
    store: req.store, sources, parts, signal: req.signal, progress: req.progress ? progressReporter() : silentProgress,
    ...(req.detect ? { detect: req.detect } : {}),
  });
}
