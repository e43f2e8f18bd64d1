// Turning a field name and value into the entity a finding is about.
import type { AnomalyConfig } from '../config.ts';
import type { EntityRef } from '../finding.ts';

export function entityOfField(config: AnomalyConfig, field: string, value: string): EntityRef {
  for (const [type, name] of Object.entries(config.entityFields)) if (name === field) return { type, value };
  return { type: field, value };
}

/** `host:web1` → { type: 'host', value: 'web1' }. */
export function parseEntityKey(key: string): EntityRef {
  const i = key.indexOf(':');
  return { type: key.slice(0, i), value: key.slice(i + 1) };
}
