// The alert: what a rule or correlation match produces. It keeps the rule's author, as the
// Detection Rule License requires of messages based on SigmaHQ rules, and the events behind it.
import type { FlatFields } from './detect-event.ts';
import type { RuleMeta } from './model.ts';

export interface AlertRule {
  id: string;
  title: string;
  level: string;
  status?: string;
  author?: string;
  description?: string;
  tags: string[];
  references: string[];
  /** The layer the rule came from (`global`, `tenant:acme`, or a rules folder). */
  layer?: string;
}

export interface Alert {
  /** Stable within a run: tenant, rule, first input line or group. */
  id: string;
  tenant: string;
  /** Time of the (last) matching event, epoch ms. */
  time: number;
  kind: 'rule' | 'correlation';
  rule: AlertRule;
  /** Input position: `line` for one event, `lines` for a correlation. */
  input: { line?: number; lines?: number[]; source?: string };
  /** Correlations: the group-by values and their key. */
  group?: Record<string, string>;
  groupKey?: string;
  /** Rule alerts with entity throttling: the entity's field values (user, source, host). */
  entity?: Record<string, string>;
  correlation?: { type: string; value: number; timespanMs: number };
  /** Matching events' fields (one for a rule, none kept for a correlation; its lines say which). */
  events: FlatFields[];
  /** Later alerts of the same rule and group folded into this one by throttling. */
  repeats: number;
}

export function alertRule(meta: RuleMeta, layer?: string): AlertRule {
  return {
    id: meta.id,
    title: meta.title,
    level: meta.level ?? 'medium',
    status: meta.status,
    author: meta.author,
    description: meta.description,
    tags: meta.tags,
    references: meta.references,
    layer,
  };
}

/** ATT&CK technique and tactic tags of a rule (`attack.t1110.001`, `attack.credential-access`). */
export function attackTags(tags: readonly string[]): string[] {
  return tags.filter((t) => t.toLowerCase().startsWith('attack.'));
}
