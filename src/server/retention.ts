// Retention: a periodic job that deletes each tenant's events, unparsed lines and alerts older
// than the tenant's retention (config `retention.tenants.<t>`, else `retention.days`; 0 keeps
// everything). Deletes go in small chunks, each its own short transaction on the (tenant, time)
// indexes, so ingest is never held behind one long write. Events and alerts go by event time;
// unparsed lines, which have none, by the time they were received.
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/schema.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import type { ServerContext } from './context.ts';
import { storeAddress } from './store-address.ts';

const DAY_MS = 86_400_000;

export interface Purged {
  tenant: string;
  cutoff: number;
  events: number;
  unparsed: number;
  alerts: number;
}

/** Days kept per tenant; tenants with 0 are left alone. */
export function retentionDays(config: ServerConfig, tenant: string): number {
  return config.retention.tenants[tenant] ?? config.retention.days;
}

export interface Retention {
  run(tenants: readonly string[], now?: number): Promise<Purged[]>;
  close(): Promise<void>;
}

/** Retention through `store` (the server's), or through a store of its own opened from the
 *  config's address; the deletes themselves are the store's (Store.purgeOlderThan). */
export function openRetention(config: ServerConfig, store?: Store): Retention {
  let own: Promise<Store> | undefined;
  const target = () => (store ? Promise.resolve(store) : (own ??= openStore(storeAddress(config))));
  return {
    async run(tenants, now = Date.now()) {
      const s = await target();
      const out: Purged[] = [];
      for (const tenant of new Set(tenants)) {
        const days = retentionDays(config, tenant);
        if (days <= 0) continue;
        const cutoff = now - days * DAY_MS;
        out.push({ tenant, cutoff, ...(await s.purgeOlderThan(tenant, cutoff)) });
      }
      return out;
    },
    async close() {
      if (own) await (await own).close();
    },
  };
}

/** Runs retention on a timer for every known tenant (and those the config names) while the
 *  server runs. A route group without routes: it lives and stops with the server. */
export function retentionJob(app: FastifyInstance, ctx: ServerContext): void {
  const cfg = ctx.config.retention;
  if (cfg.days <= 0 && Object.values(cfg.tenants).every((d) => d <= 0)) return;
  const retention = openRetention(ctx.config, ctx.store);
  let running: Promise<void> | undefined;
  const pass = async () => {
    try {
      const tenants = [...ctx.tokens.listTenants().map((t) => t.name), ...Object.keys(cfg.tenants)];
      for (const p of await retention.run(tenants)) {
        if (p.events + p.unparsed + p.alerts > 0) app.log.info({ retention: p }, 'retention deleted old data');
      }
    } catch (err) {
      // A failed pass (a busy database, say) is retried on the next tick.
      app.log.warn({ err }, 'retention pass failed');
    }
  };
  // One pass at a time: a slow pass is not overtaken by the next tick.
  const tick = () => {
    running ??= pass().finally(() => (running = undefined));
  };
  const timer = setInterval(tick, cfg.everyMs);
  timer.unref();
  const first = setTimeout(tick, 0);
  first.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    clearTimeout(first);
    await running;
    await retention.close();
  });
}
