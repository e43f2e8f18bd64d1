// The live stream's fan-out: ingest and alert producers publish, each SSE connection
// subscribes for one tenant. A subscriber only ever receives its own tenant's messages,
// because the tenant is part of the subscription key, not a filter applied later.
export interface LiveMessage {
  type: 'events' | 'alert';
  data: unknown;
}

export type LiveListener = (m: LiveMessage) => void;

export interface LiveHub {
  publish(tenant: string, m: LiveMessage): void;
  subscribe(tenant: string, listener: LiveListener): () => void;
  count(): number;
}

export function liveHub(): LiveHub {
  const byTenant = new Map<string, Set<LiveListener>>();
  let n = 0;
  return {
    publish(tenant, m) {
      for (const l of byTenant.get(tenant) ?? []) l(m);
    },
    subscribe(tenant, listener) {
      let set = byTenant.get(tenant);
      if (!set) byTenant.set(tenant, (set = new Set()));
      set.add(listener);
      n += 1;
      return () => {
        if (set.delete(listener)) n -= 1;
        if (set.size === 0) byTenant.delete(tenant);
      };
    },
    count: () => n,
  };
}
