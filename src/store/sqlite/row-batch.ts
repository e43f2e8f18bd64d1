// A batch in the form the SQLite writer binds: every event already flattened into the
// events table's column values (one flat array, EVENT_COLUMNS.length values a row) and every
// object already JSON text. Built in the caller's thread, so a batch crosses to the writer
// thread as strings and numbers only (a cheap structured clone) and the writer does nothing
// but bind and insert; the same form serves the in-thread writer, so both share one path.
import type { UnparsedRecord } from '../../core/event.ts';
import type { AlertWrite, BatchWrite, Checkpoint, TemplateStat } from '../store.ts';
import { INDEXED_COLUMNS } from './schema.ts';
import { columnValue } from './column-value.ts';

export type ColumnValue = string | number | null;

/** The events table's columns in the order a row's values are laid out. */
export const EVENT_COLUMNS: readonly string[] = [
  'id', 'tenant', 'time', 'ingested', 'source', 'parser', 'template_id', 'template_params', 'raw', 'fields', ...INDEXED_COLUMNS.values(),
];

export interface RowBatch {
  tenant: string;
  /** Event rows, EVENT_COLUMNS.length values each, back to back. */
  eventValues: ColumnValue[];
  eventCount: number;
  unparsed: readonly UnparsedRecord[];
  counters: Readonly<Record<string, number>>;
  templates: readonly TemplateStat[];
  checkpoint?: Checkpoint;
  /** The miner snapshot as JSON text, when one is due with this batch. */
  minerSnapshot?: string;
  alerts?: readonly AlertWrite[];
}

const indexedFields = [...INDEXED_COLUMNS.keys()];

/** Flattens a batch; refuses one holding another tenant's rows before anything is written. */
export function toRowBatch(b: BatchWrite): RowBatch {
  const values: ColumnValue[] = [];
  for (const e of b.events) {
    if (e.tenant !== b.tenant) throw new Error(`event ${e.id} of tenant ${e.tenant} in a batch of tenant ${b.tenant}`);
    const f = e.fields;
    values.push(
      e.id, e.tenant, e.time, e.ingested, e.source, e.parser, e.templateId ?? null,
      e.templateParams ? JSON.stringify(e.templateParams) : null, e.raw, JSON.stringify(f),
    );
    for (const name of indexedFields) values.push(columnValue(f[name]));
  }
  for (const u of b.unparsed) {
    if (u.tenant !== b.tenant) throw new Error(`unparsed ${u.id} of tenant ${u.tenant} in a batch of tenant ${b.tenant}`);
  }
  for (const a of b.alerts ?? []) {
    const tenant = a.kind === 'alert' ? a.alert.tenant : a.tenant;
    if (tenant !== b.tenant) throw new Error(`alert of tenant ${tenant} in a batch of tenant ${b.tenant}`);
  }
  return {
    tenant: b.tenant, eventValues: values, eventCount: b.events.length, unparsed: b.unparsed, counters: b.counters,
    templates: b.templates ?? [],
    ...(b.checkpoint ? { checkpoint: b.checkpoint } : {}),
    ...(b.minerSnapshot !== undefined ? { minerSnapshot: JSON.stringify(b.minerSnapshot) } : {}),
    ...(b.alerts?.length ? { alerts: b.alerts } : {}),
  };
}
