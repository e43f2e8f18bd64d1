// The store contract. Engine-neutral and async, so the embedded SQLite store and the shared
// PostgreSQL store (postgres/) are interchangeable; test/store/store-contract.ts checks both.
// Every read takes the tenant: there is no query that can return another tenant's rows.
import type { Event, FieldValue, TemplateParam, UnparsedRecord } from '../core/event.ts';
import type { Alert } from '../detect/sigma/alert.ts';
import type { ConsoleStore } from './console.ts';

/** Where a source stopped, saved with the events it produced so a restart resumes exactly. */
export interface Checkpoint {
  /** Identity of the source within the tenant (e.g. `file:<dev>:<ino>`). */
  key: string;
  /** Byte offset just past the last line whose event is stored. */
  offset: number;
  /** Source-specific state needed to trust the offset (file fingerprint, path, generation). */
  state: Record<string, unknown>;
}

/** What the miner learned about one template, kept for listing and promotion. */
export interface TemplateStat {
  templateId: string;
  template: string;
  /** Lines matched since the last write; added to the stored count. */
  count: number;
  example: string;
  params: TemplateParam[];
  lastSeen: number;
  /** Syslog program whose messages the template was mined from, if any. */
  program?: string;
}

export interface TemplateRow {
  templateId: string;
  template: string;
  count: number;
  example: string;
  params: TemplateParam[];
  firstSeen: number;
  lastSeen: number;
  program?: string;
}

/** One unit of work, written atomically: all of it or none of it. */
export interface BatchWrite {
  tenant: string;
  events: readonly Event[];
  unparsed: readonly UnparsedRecord[];
  /** Counter increments (`lines`, `empty`, `parsed:sshd`, `unparsed:<reason>`…). */
  counters: Readonly<Record<string, number>>;
  checkpoint?: Checkpoint;
  templates?: readonly TemplateStat[];
  /** The miner's serialised state, when it is due to be saved with this batch. */
  minerSnapshot?: unknown;
  /** L1 alerts the batch raised, committed with it (DetectStage's `alertsWithBatch` mode):
   *  one transaction for events and their alerts, and one writer for the file. */
  alerts?: readonly AlertWrite[];
}

/** One change an L1 batch makes to the tenant's alerts. A new alert is stored only when its
 *  id is new: a replayed batch re-creates the same ids and must not move or reset a stored
 *  alert. Repeats fold a throttled event into a stored alert, once per event id. */
export type AlertWrite =
  | { kind: 'alert'; alert: Alert }
  | { kind: 'repeats'; tenant: string; alertId: string; repeats: number; eventId?: string };

export interface EventQuery {
  tenant: string;
  /** Inclusive lower bound on event time (epoch ms). */
  from?: number;
  /** Exclusive upper bound on event time (epoch ms). */
  to?: number;
  /** Field equality, all must hold (e.g. `{ 'source.ip': '10.0.0.5' }`). */
  where?: Readonly<Record<string, Exclude<FieldValue, readonly unknown[]>>>;
  parser?: string;
  /** Full text: the raw line contains this text (ASCII case-insensitive). A scan of the
   *  tenant's rows within the other bounds, so narrow it with a time range on big stores. */
  text?: string;
  limit?: number;
}

export interface WriteResult {
  /** Events actually inserted; fewer than sent when a replay re-sent stored ids. */
  insertedEvents: number;
  insertedUnparsed: number;
  /** Alerts stored for the first time (absent when the batch carried none). */
  insertedAlerts?: number;
}

/** The console's alert, overview and retention queries are part of it (console.ts). */
export interface Store extends ConsoleStore {
  writeBatch(batch: BatchWrite): Promise<WriteResult>;
  getCheckpoint(tenant: string, key: string): Promise<Checkpoint | undefined>;
  listCheckpoints(tenant: string): Promise<Checkpoint[]>;
  queryEvents(query: EventQuery): Promise<Event[]>;
  countEvents(query: EventQuery): Promise<number>;
  listUnparsed(tenant: string, limit?: number): Promise<UnparsedRecord[]>;
  countUnparsed(tenant: string): Promise<number>;
  listTemplates(tenant: string): Promise<TemplateRow[]>;
  getTemplate(tenant: string, templateId: string): Promise<TemplateRow | undefined>;
  loadMinerSnapshot(tenant: string): Promise<unknown>;
  counters(tenant: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}
