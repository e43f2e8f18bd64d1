// Failed-authentication limiter: a fixed window of failures per client address. Only
// failures count, so a busy legitimate client is never slowed; an address guessing tokens
// is refused (429) until its window ends. Own small map rather than @fastify/rate-limit,
// which counts every request, not failures.
export interface FailureLimiter {
  /** True when the address has used up its failures in the current window. */
  blocked(key: string, now?: number): boolean;
  fail(key: string, now?: number): void;
  /** Seconds until the address may try again. */
  retryAfter(key: string, now?: number): number;
}

export function failureLimiter(maxFailures: number, windowMs: number): FailureLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    if (!w || now - w.start >= windowMs) return undefined;
    return w;
  };
  return {
    blocked: (key, now = Date.now()) => (current(key, now)?.count ?? 0) >= maxFailures,
    fail(key, now = Date.now()) {
      const w = current(key, now);
      if (w) w.count += 1;
      else {
        // Old windows are dropped lazily so the map cannot grow with addresses seen once.
        if (windows.size > 100_000) for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
        windows.set(key, { start: now, count: 1 });
      }
    },
    retryAfter(key, now = Date.now()) {
      const w = current(key, now);
      return w ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
    },
  };
}
