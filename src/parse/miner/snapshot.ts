// The miner's persistent form: plain JSON (the store saves it in SQLite), validated on the way
// back in so a damaged snapshot is a clear error, not a miner in a strange state.
import { z } from 'zod';
import { MinerConfigSchema } from './config.ts';

const SlotSchema = z.tuple([z.union([z.literal(0), z.literal(1), z.literal(2)]), z.string(), z.string()]);

export const TemplateRecordSchema = z.object({
  id: z.string().min(1),
  count: z.number().int().min(0),
  firstSeen: z.number(),
  lastSeen: z.number(),
});

export const MinerSnapshotSchema = z.object({
  version: z.literal(1),
  config: MinerConfigSchema,
  /** Live templates, least recently used first. Slots: [kind, text, suffix]. */
  templates: z.array(TemplateRecordSchema.extend({ slots: z.array(SlotSchema) })),
  /** Evicted templates, with their counts, so a returning template gets its id and count back. */
  evicted: z.array(TemplateRecordSchema.extend({ template: z.string() })),
  /** Ids of templates merged into another, with the id that carries on. */
  aliases: z.array(z.tuple([z.string(), z.string()])).default([]),
});

export type MinerSnapshot = z.infer<typeof MinerSnapshotSchema>;
