// Throttling: within a window per rule and group, the first alert is kept and later ones are
// counted into it, so a brute force of 10,000 lines is one alert with 9,999 repeats.
export class Throttle {
  private readonly open = new Map<string, { alertId: string; until: number }>();

  constructor(private readonly windowMs: number) {}

  /** Returns the id of the open alert this one folds into, or undefined when it should be emitted. */
  fold(ruleId: string, groupKey: string, time: number, alertId: string): string | undefined {
    if (this.windowMs <= 0) return undefined;
    const key = `${ruleId}\u0000${groupKey}`;
    const o = this.open.get(key);
    if (o && time <= o.until) return o.alertId;
    this.open.set(key, { alertId, until: time + this.windowMs });
    if (this.open.size > 100_000) this.evict(time);
    return undefined;
  }

  private evict(now: number): void {
    for (const [k, o] of this.open) if (o.until < now) this.open.delete(k);
  }
}
