// Test helpers: build a ruleset from YAML text and ask whether an event matches.
import { loadRuleText } from '../../../src/detect/sigma/loader.ts';
import { Ruleset } from '../../../src/detect/sigma/ruleset.ts';
import { MappingSet, type FieldMapping } from '../../../src/detect/sigma/mappings.ts';
import type { DetectEvent, FlatFields } from '../../../src/detect/sigma/detect-event.ts';
import { flattenJson } from '../../../src/detect/sigma/json-events.ts';

export function rulesetOf(yaml: string, options: { lists?: Record<string, string[]>; mappings?: FieldMapping[] } = {}): Ruleset {
  const loaded = loadRuleText(yaml, 'test.yml');
  if (loaded.errors.length) throw loaded.errors[0];
  const rs = new Ruleset(loaded.documents, { mappings: new MappingSet(options.mappings ?? []), lists: new Map(Object.entries(options.lists ?? {})) });
  if (rs.errors.length) throw rs.errors[0];
  return rs;
}

/** A rule with the given detection block (indented YAML under `detection:`). */
export function ruleYaml(detection: string, extra = ''): string {
  const body = detection
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
  return `title: t\nid: r1\nlogsource: { product: test }\n${extra}detection:\n${body}\n`;
}

export function event(fields: Record<string, unknown>, raw?: string, time = 0, line?: number): DetectEvent {
  return { fields: flattenJson(fields) as FlatFields, raw, time, tenant: 'default', line };
}

/** Does a rule with this detection match this event? */
export function matches(detection: string, fields: Record<string, unknown>, options: { raw?: string; lists?: Record<string, string[]> } = {}): boolean {
  const rs = rulesetOf(ruleYaml(detection), { lists: options.lists });
  return rs.match(event(fields, options.raw)).length > 0;
}

/** The error message a rule with this detection is rejected with. */
export function rejection(detection: string, lists?: Record<string, string[]>): string {
  try {
    rulesetOf(ruleYaml(detection), { lists });
  } catch (err) {
    return String(err);
  }
  return '';
}
