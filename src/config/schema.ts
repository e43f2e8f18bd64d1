// The server's configuration file, as a zod schema: the schema is the type, and validating
// on start turns a typo into a message naming the key instead of a surprise at run time.
import { z } from 'zod';
import { TENANT_PATTERN } from '../core/layers.ts';
import { storeKind } from '../store/open-store.ts';
import { redactUrl } from '../store/postgres/postgres-store.ts';

export const ListenSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
});

export const ConfigSchema = z.strictObject({
  /** Data directory: the embedded store, tenants' layer folders, the token database. */
  dataDir: z.string().min(1).default('var'),
  listen: ListenSchema.prefault({}),
  store: z
    .strictObject({
      /** Follows from `url` when not given; `sqlite` without a url. */
      engine: z.enum(['sqlite', 'postgres']).optional(),
      /** Store file (embedded store); default `<dataDir>/stegosoc.db`. */
      file: z.string().min(1).optional(),
      /** Store address, as `stegosoc worker --store`: `postgres://user@host/db` for the shared
       *  store, or `sqlite:PATH` / a path for the embedded one. */
      url: z.string().min(1).optional(),
    })
    .superRefine((s, ctx) => {
      let kind: 'sqlite' | 'postgres' | undefined;
      if (s.url !== undefined) {
        try {
          kind = storeKind(s.url).kind;
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['url'], message: (err as Error).message });
          return;
        }
      }
      if (s.url !== undefined && s.file !== undefined) ctx.addIssue({ code: 'custom', path: ['file'], message: 'give the store as file or as url, not both' });
      if (s.engine === 'postgres' && kind !== 'postgres') {
        ctx.addIssue({ code: 'custom', path: ['engine'], message: 'the postgres engine needs store.url: postgres://user@host:5432/database' });
      } else if (s.engine === 'sqlite' && kind === 'postgres') {
        ctx.addIssue({ code: 'custom', path: ['engine'], message: `engine sqlite contradicts store.url ${JSON.stringify(redactUrl(s.url ?? ''))}` });
      }
    })
    .transform((s) => ({ ...s, engine: s.engine ?? (s.url !== undefined ? storeKind(s.url).kind : 'sqlite') }))
    .prefault({}),
  retention: z
    .strictObject({
      /** Days of events kept; 0 keeps everything. */
      days: z.number().int().min(0).default(0),
      /** Per tenant days, overriding `days` (0 keeps everything of that tenant). */
      tenants: z.record(z.string().regex(TENANT_PATTERN, 'a tenant name'), z.number().int().min(0)).default({}),
      /** How often the retention job deletes what is older (events, unparsed lines, alerts). */
      everyMs: z.number().int().min(1000).default(3_600_000),
    })
    .prefault({}),
  ingest: z
    .strictObject({
      /** Largest request body accepted (bytes). */
      maxBodyBytes: z.number().int().min(1024).default(16 * 1024 * 1024),
      /** Batches waiting for the store beyond which ingest answers 429 (backpressure). */
      maxQueuedBatches: z.number().int().min(1).default(64),
    })
    .prefault({}),
  detect: z
    .strictObject({
      /** Repeats of a rule for the same entity (user, source, host) within this many ms are
       *  folded into the first alert's repeat count; 0 stores every match as its own alert. */
      throttleMs: z.number().int().min(0).default(0),
      /** Rebuild a tenant's rules when its rule/filter/mapping/list files change. */
      watchRules: z.boolean().default(true),
    })
    .prefault({}),
  auth: z
    .strictObject({
      /** Failed authentications allowed per client address per window before 429. */
      maxFailures: z.number().int().min(1).default(10),
      failureWindowMs: z.number().int().min(1000).default(60_000),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
});

export type ServerConfig = z.output<typeof ConfigSchema>;
export type ServerConfigInput = z.input<typeof ConfigSchema>;
