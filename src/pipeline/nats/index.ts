// Scale-out over NATS JetStream: publishers (`ingest --to nats://…`) put raw lines on a
// stream, workers (`worker`) share them through one durable consumer and store in PostgreSQL.
export { publishSources, type PublishRun, type PublishTotals } from './publish.ts';
export { runWorker, type WorkerRun, type WorkerTotals, type MessageDone } from './worker.ts';
export { WorkerDetect } from './worker-detect.ts';
export { connectNats, ensureStream, ensureConsumer, DEFAULT_STREAM, DEFAULT_DURABLE, type StreamOptions, type StreamRef, type ConsumerOptions } from './stream.ts';
export { encodeBatch, decodeBatch, BadMessage, HEADER, subjectPrefixOf, subjectOf } from './wire.ts';
