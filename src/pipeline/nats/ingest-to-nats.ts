// `ingest PATH… --to nats://…`: the same sources as a local ingest (files, stdin, syslog),
// published to JetStream instead of parsed here. Checkpoints stay in the local embedded store
// (`--db`), saved once the stream holds the lines, so a restart resumes where publishing
// stopped.
import { sourcesFor, type IngestRequest } from '../ingest-setup.ts';
import { tenantParts } from '../parse-parts.ts';
import { progressReporter, silentProgress } from '../progress.ts';
import { publishSources, type PublishTotals } from './publish.ts';
import { connectNats, ensureStream, type StreamOptions } from './stream.ts';

export interface NatsIngestRequest extends Omit<IngestRequest, 'detect'> {
  /** nats://host:port */
  url: string;
  stream?: StreamOptions;
}

export async function ingestToNats(req: NatsIngestRequest): Promise<PublishTotals> {
  const sources = sourcesFor(req);
  if (sources.length === 0) throw new Error('nothing to ingest: give paths, `-` for stdin, or a syslog listener');
  const nc = await connectNats(req.url, 'stegosoc-ingest');
  try {
    const { subjectPrefix } = await ensureStream(nc, req.stream);
    // Parsers only (to keep multi-line events in one message); no miner runs here.
    const parts = tenantParts({ dataDir: req.dataDir, ...(req.onWarning ? { onWarning: req.onWarning } : {}) });
    return await publishSources({
      nc, sources, parts, checkpoints: req.store, signal: req.signal, subjectPrefix,
      progress: req.progress ? progressReporter() : silentProgress,
    });
  } finally {
    // drain: every publish sent is flushed before the connection goes.
    await nc.drain().catch(() => {});
  }
}
