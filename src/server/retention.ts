// Retention: a periodic job that deletes each tenant's events, unparsed lines and alerts older
// than the tenant's retention (config `retention.tenants.<t>`, else `retention.days`; 0 keeps
// everything). Deletes go in small chunks, each its own short transaction on the (tenant, time)
// indexes, so ingest is never held behind one long write. Events and alerts go by event time;
// unparsed lines, which have none, by the time they were received.
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/schema.ts';
import { defaultDbPath } from '../store/locations.ts';
import type { ServerContext } from './context.ts';

const DAY_MS = 86_400_000;
const CHUNK = 5000;

let purges = 0;
/** Passes of this process that deleted rows: readers keeping aggregates rebuild them when it moves. */
export const purgeCount = () => purges;

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
  run(tenants: readonly string[], now?: number): Purged[];
  close(): void;
}

export function openRetention(config: ServerConfig): Retention {
  const db = new Database(config.store.file ?? defaultDbPath(config.dataDir));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  const chunked = (sql: string) => {
    const st = db.prepare(sql);
    return (tenant: string, cutoff: number) => {
      let total = 0;
      for (;;) {
        const n = st.run(tenant, cutoff, CHUNK).changes;
        total += n;
        if (n < CHUNK) return total;
      }
    };
  };
  const events = chunked('DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE tenant = ? AND time < ? LIMIT ?)');
  const unparsed = chunked('DELETE FROM unparsed WHERE rowid IN (SELECT rowid FROM unparsed WHERE tenant = ? AND ingested < ? LIMIT ?)');
  let alerts: ((tenant: string, cutoff: number) => number) | undefined;
  let triage: Database.Statement | undefined;
  return {
    run(tenants, now = Date.now()) {
      // The alert tables appear when detection or the alert desk first runs.
      if (!alerts && has('sigma_alerts')) alerts = chunked('DELETE FROM sigma_alerts WHERE rowid IN (SELECT rowid FROM sigma_alerts WHERE tenant = ? AND time < ? LIMIT ?)');
      if (!triage && has('alert_triage') && has('sigma_alerts')) {
        triage = db.prepare('DELETE FROM alert_triage WHERE tenant = ? AND alert_id NOT IN (SELECT id FROM sigma_alerts WHERE tenant = ?)');
      }
      const out: Purged[] = [];
      for (const tenant of new Set(tenants)) {
        const days = retentionDays(config, tenant);
        if (days <= 0) continue;
        const cutoff = now - days * DAY_MS;
        const p: Purged = { tenant, cutoff, events: events(tenant, cutoff), unparsed: unparsed(tenant, cutoff), alerts: alerts?.(tenant, cutoff) ?? 0 };
        if (p.alerts > 0) triage?.run(tenant, tenant);
        if (p.events + p.unparsed + p.alerts > 0) purges++;
        out.push(p);
      }
      return out;
    },
    close: () => db.close(),
  };
}

/** Runs retention on a timer for every known tenant (and those the config names) while the
 *  server runs. A route group without routes: it lives and stops with the server. */
export function retentionJob(app: FastifyInstance, ctx: ServerContext): void {
  const cfg = ctx.config.retention;
  if (cfg.days <= 0 && Object.values(cfg.tenants).every((d) => d <= 0)) return;
  const retention = openRetention(ctx.config);
  const tick = () => {
    try {
      const tenants = [...ctx.tokens.listTenants().map((t) => t.name), ...Object.keys(cfg.tenants)];
      for (const p of retention.run(tenants)) {
        if (p.events + p.unparsed + p.alerts > 0) app.log.info({ retention: p }, 'retention deleted old data');
      }
    } catch (err) {
      // A failed pass (a busy database, say) is retried on the next tick.
      app.log.warn({ err }, 'retention pass failed');
    }
  };
  const timer = setInterval(tick, cfg.everyMs);
  timer.unref();
  const first = setTimeout(tick, 0);
  first.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    clearTimeout(first);
    retention.close();
  });
}
