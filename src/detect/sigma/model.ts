// The typed Sigma rule model: what the loader makes of YAML and what the compiler consumes.
// Three document kinds share the metadata: detection rules, correlation rules and filters.
import type { RawValue } from './value-spec.ts';

export interface SourceRef {
  file: string;
  line: number;
}

export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface RuleMeta {
  /** The rule's `id`; rules without one get a stable id from their file and document index. */
  id: string;
  /** Optional `name`, how correlation rules refer to rules in a readable way. */
  name?: string;
  title: string;
  status?: string;
  level?: Level;
  description?: string;
  author?: string;
  license?: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
  date?: string;
  modified?: string;
}

/** One `field|mod|mod: values` entry, or a keyword entry (`field` null) of a search identifier. */
export interface DetectionItem {
  field: string | null;
  modifiers: string[];
  values: RawValue[];
  line: number;
}

/** A search identifier: an OR of branches, each branch an AND of items. */
export interface SearchIdentifier {
  name: string;
  branches: DetectionItem[][];
  line: number;
}

export interface Detection {
  identifiers: Map<string, SearchIdentifier>;
  /** Condition texts; a list is ORed. */
  conditions: string[];
  conditionLine: number;
}

export interface SigmaRule {
  kind: 'rule';
  meta: RuleMeta;
  logsource: Logsource;
  detection: Detection;
  source: SourceRef;
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered' | 'value_sum' | 'value_avg' | 'value_percentile';

export interface CorrelationCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  neq?: number;
  field?: string;
}

export interface CorrelationRule {
  kind: 'correlation';
  meta: RuleMeta;
  type: CorrelationType;
  /** Referred rules by id or name. */
  rules: string[];
  groupBy: string[];
  timespanMs: number;
  /** Temporal types may omit it: then every referred rule must have matched. */
  condition?: CorrelationCondition;
  /** alias -> (rule id or name -> field). */
  aliases: Record<string, Record<string, string>>;
  /** Referred rules also alert on their own. */
  generate: boolean;
  source: SourceRef;
  /** Set when translated from an old-style aggregation condition. */
  translatedFrom?: string;
}

export interface FilterRule {
  kind: 'filter';
  meta: RuleMeta;
  logsource: Logsource;
  /** Rules (id or name) the filter silences its matches for. */
  rules: string[];
  detection: Detection;
  source: SourceRef;
}

export type SigmaDocument = SigmaRule | CorrelationRule | FilterRule;
