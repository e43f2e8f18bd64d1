// Public face of the pipeline: the parse stage over a batch, the ingest loop that stores each
// batch with its checkpoint, and the helpers the CLI builds on.
export { parseStage, NO_MATCH_REASON, type StageOutput } from './parse-stage.ts';
export { runIngest, ALERTS, type IngestRun } from './run-ingest.ts';
export { DetectStage, toDetectEvent, type DetectStageOptions } from './detect-stage.ts';
export { ingest, sourcesFor, parseListen, type IngestRequest, type Listen } from './ingest-setup.ts';
export { parseOnly, type ParseOutcome } from './parse-only.ts';
export { promoteTemplate, slotFieldNames } from './promote.ts';
export { tenantParts } from './parse-parts.ts';
export { TenantParts } from './tenant-parts.ts';
export type { StageDeps, LineParsers, LineMiner } from './stage-deps.ts';
export * from './counters.ts';
