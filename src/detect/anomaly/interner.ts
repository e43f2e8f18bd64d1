// Values (users, hosts, addresses, templates, sources…) as small integers, one lookup per
// value per event; everything downstream keys on the integers. Part of the tenant's model,
// so ids are stable across restarts and the model's tables can be stored as numbers.

export class Interner {
  readonly strings: string[];
  private readonly ids: Map<string, number>;

  constructor(strings: string[] = []) {
    this.strings = strings;
    this.ids = new Map(strings.map((s, i) => [s, i]));
  }

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  /** Id of a known string, or -1 (never adds). */
  get(s: string): number {
    return this.ids.get(s) ?? -1;
  }

  str(id: number): string {
    return this.strings[id] ?? '';
  }

  get size(): number {
    return this.strings.length;
  }

  toJSON(): string[] {
    return this.strings;
  }
}
