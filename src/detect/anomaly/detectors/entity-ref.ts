// Turning a field name and value, or a series key, into the entity a finding is about.
import type { AnomalyConfig, EntityType } from '../config.ts';
import type { EntityRef } from '../finding.ts';
import type { Interner } from '../interner.ts';
import { entityTypeOfA, isEntityA } from '../series-table.ts';

export function entityOfField(config: AnomalyConfig, field: string, value: string): EntityRef {
  for (const [type, name] of Object.entries(config.entityFields)) if (name === field) return { type, value };
  return { type: field, value };
}

/** The entity type a field names, if it names one. */
export function entityTypeOfField(config: AnomalyConfig, field: string): EntityType | undefined {
  for (const [type, name] of Object.entries(config.entityFields) as [EntityType, string][]) if (name === field) return type;
  return undefined;
}

/** The entity of an entity series key, or the host of a template-on-host one. */
export function entityOfSeries(strings: Interner, a: number, b: number): EntityRef {
  if (isEntityA(a)) return { type: entityTypeOfA(a), value: strings.str(b) };
  return { type: 'host', value: strings.str(a) };
}

/** `host:web1` → { type: 'host', value: 'web1' }. */
export function parseEntityKey(key: string): EntityRef {
  const i = key.indexOf(':');
  return { type: key.slice(0, i), value: key.slice(i + 1) };
}
