// The anomaly stage's settings: one typed configuration for every tenant and source (the
// schema is the documentation). Defaults are the product's one configuration.
import { z } from 'zod';
import { F } from '../../core/fields.ts';

export const ENTITY_TYPES = ['user', 'host', 'ip', 'process', 'session'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const AnomalyConfigSchema = z.object({
  /** Length of a window (the report period), in minutes. */
  periodMinutes: z.number().int().min(1).max(1440).default(60),
  /** Windows a new tenant only learns before it may alert. */
  warmupPeriods: z.number().int().min(0).default(24),
  /** Windows of history a series needs before its rate is judged. */
  minHistory: z.number().int().min(2).default(12),
  /** Windows of history kept per series (four weeks of hours by default). */
  historyPeriods: z.number().int().min(24).default(24 * 28),
  /** Same-slot samples needed before a seasonal baseline replaces the recent one. */
  seasonalSamples: z.number().int().min(2).default(4),
  /** Entity fields: which event field names each entity type. */
  entityFields: z.record(z.enum(ENTITY_TYPES), z.string()).default({
    user: F.userName,
    host: F.hostName,
    ip: F.sourceIp,
    process: F.processName,
    session: F.sessionId,
  }),
  /** Pairs whose first appearance in the tenant is a finding; `template` is the event's template
   *  key. (User × source IP is judged per user by `rarity`, against that user's own history.) */
  pairs: z
    .array(z.tuple([z.string(), z.string()]))
    .default([
      [F.userName, F.hostName],
      [F.processName, F.hostName],
    ]),
  /** Pairs judged by how seldom they recur: the share of windows in which the pair turned up
   *  at all (a kind of line a host logs one hour in fifty is news when it turns up; counting
   *  windows, not events, keeps one noisy hour from making a pair look common). A pair never
   *  seen before is judged the same way. */
  recurrence: z.array(z.tuple([z.string(), z.string()])).default([['template', F.hostName]]),
  /** Entity field → field whose distinct values per window are watched (one IP touching many
   *  users); `template` is the event's template key. */
  distinct: z
    .array(z.tuple([z.string(), z.string()]))
    .default([
      [F.sourceIp, F.userName],
      [F.sourceIp, F.hostName],
      // One kind of line suddenly logged by many hosts (a scan, a worm, a bad rollout).
      ['template', F.hostName],
    ]),
  /** Entity types whose turning up at all is judged against how seldom they have (a server
   *  that logs one hour in thirty). Hosts by default: they log around the clock in most
   *  estates, while users and client addresses come and go with working hours. */
  dormancy: z.array(z.enum(ENTITY_TYPES)).default(['host']),
  /** Entity field → value field judged for rarity against that entity's own history. */
  rarity: z.array(z.tuple([z.string(), z.string()])).default([[F.userName, F.sourceIp]]),
  /**
   * Session keys per source: events sharing the key's value form a session (an HDFS block, a
   * VM instance, a login session, a process id…), closed after `idlePeriods` windows without
   * events and judged by its count vector against the sessions learned as normal.
   */
  sessions: z
    .array(
      z.object({
        /** Glob on the event's source; all sources when absent. */
        source: z.string().optional(),
        field: z.string(),
        idlePeriods: z.number().int().min(1).default(1),
      }),
    )
    .default([{ field: F.sessionId, idlePeriods: 1 }]),
  /** Raw lines kept as samples per finding. */
  samples: z.number().int().min(0).max(20).default(3),
  /** Entities listed in a report. */
  topEntities: z.number().int().min(1).default(10),
});

export type AnomalyConfig = z.infer<typeof AnomalyConfigSchema>;
export type AnomalyConfigInput = z.input<typeof AnomalyConfigSchema>;

export function anomalyConfig(input: AnomalyConfigInput = {}): AnomalyConfig {
  return AnomalyConfigSchema.parse(input);
}
