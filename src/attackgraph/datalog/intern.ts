// Symbols as integers: every constant is interned once, so tuples are rows of int32 and joins
// compare numbers, never strings (the scale target rules out string keys on the hot path).

export class SymbolTable {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  /** Whether the symbol was written as a number (printed unquoted in labels). */
  readonly numeric: boolean[] = [];

  intern(name: string, numeric = false): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.numeric.push(numeric);
    }
    return id;
  }

  lookup(name: string): number | undefined {
    return this.ids.get(name);
  }

  name(id: number): string {
    return this.names[id] as string;
  }

  get size(): number {
    return this.names.length;
  }
}
