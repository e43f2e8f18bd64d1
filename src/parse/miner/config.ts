// The miner's settings: one configuration for every kind of log (no per-source thresholds).
import { z } from 'zod';

export const MinerConfigSchema = z.object({
  /** Fraction of a template's tokens a line must share with it to join it (Drain's `st`). */
  similarity: z.number().min(0).max(1).default(0.5),
  /** Distinct plain words seen at one slot (all else equal) before that slot becomes a variable. */
  wordVariants: z.number().int().min(2).default(5),
  /** Live templates kept; beyond it the least recently used rare template is evicted. */
  maxTemplates: z.number().int().min(1).default(10_000),
  /** Tokens considered per line; the rest of a longer line is one final token. */
  maxTokens: z.number().int().min(2).default(200),
  /** A token longer than this is taken as one value without looking inside it. */
  maxTokenChars: z.number().int().min(8).default(512),
  /** Entries of the exact-signature cache before it is cleared. */
  maxCacheEntries: z.number().int().min(0).default(100_000),
  /** Line shapes (masking plans) remembered: slots of a direct-mapped table (rounded up to a power of two). */
  maxShapeEntries: z.number().int().min(0).default(50_000),
});

export type MinerConfig = z.infer<typeof MinerConfigSchema>;
export type MinerConfigInput = z.input<typeof MinerConfigSchema>;
