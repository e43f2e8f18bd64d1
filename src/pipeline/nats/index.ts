// Scale-out over NATS JetStream: publishers (`ingest --to nats://…`) put raw lines on a
// stream, workers (`worker`) share them through one durable consumer and store in PostgreSQL.
export { publishSources, type PublishRun, type PublishTotals } from './publish.ts';
export { runWorker, type WorkerRun, type WorkerTotals, type MessageDone } from './worker.ts';
export { WorkerDetect } from './worker-detect.ts';
export { connectNats, ensureStream, ensureConsumer, DEFAULT_STREAM, DEFAULT_DURABLE, type StreamOptions, type StreamRef, type ConsumerOptions } from './stream.ts';
export { encodeBatch, decodeBatch, BadMessage, HEADER, subjectPrefixOf, subjectOf } from './wire.ts';
export { runCorrelator, type CorrelatorRun, type CorrelatorTotals, type CommitDone } from './correlator.ts';
export { ensureCorrelationStream, resetPartitionConsumer, partitionDurable, publishInputs, DEFAULT_CORRELATION_STREAM, DEFAULT_PARTITIONS, type CorrelationStreamOptions, type CorrelationStreamRef } from './correlation-stream.ts';
export { partitionOf, encodeInput, decodeInput, compareInputs, type CorrelationInputMessage } from './correlation-wire.ts';
