// Public face of the Sigma engine (L1 rule-based detection).
export type { SigmaRule, CorrelationRule, FilterRule, SigmaDocument, Logsource, RuleMeta } from './model.ts';
export type { DetectEvent, FlatFields } from './detect-event.ts';
export type { Alert, AlertRule } from './alert.ts';
export type { AlertSink, AlertQuery } from './alert-sink.ts';
export type { CorrelationStateStore, CorrelationSnapshot } from './correlation-state.ts';
export { loadRuleFile, loadRuleText } from './loader.ts';
export { loadRulePaths } from './rule-files.ts';
export { Ruleset } from './ruleset.ts';
export { MappingSet, loadMappingFile } from './mappings.ts';
export { DetectionEngine } from './engine.ts';
export { buildLayeredRuleset } from './layering.ts';
export { MemoryAlertSink } from './alert-sink.ts';
export { SqliteAlertSink } from './alert-store-sqlite.ts';
export { MemoryCorrelationStateStore } from './correlation-state.ts';
export { SqliteCorrelationStateStore } from './correlation-state-sqlite.ts';
export { flattenJson, eventTime, splitConcatenatedJson } from './json-events.ts';
export { MODIFIERS } from './modifiers/index.ts';
