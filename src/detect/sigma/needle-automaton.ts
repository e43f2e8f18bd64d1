// Aho-Corasick over UTF-16 code units with a dense transition table for ASCII (one array read
// per character) and a sparse map for the rest. Built once per rule group; scanning reports
// the index of every needle that occurs in the text.
export class NeedleAutomaton {
  private readonly ascii: Int32Array; // state * 128 + code -> next state (complete DFA for ASCII)
  private readonly other: Map<number, number>[]; // non-ASCII goto edges (trie only)
  private readonly fail: Int32Array;
  /** state -> needle indices ending here (including via failure links) */
  private readonly out: (number[] | undefined)[];
  private readonly hasNonAscii: boolean;

  constructor(needles: readonly string[]) {
    // Build the trie.
    const asciiEdges: Map<number, number>[] = [new Map()];
    const other: Map<number, number>[] = [new Map()];
    const out: (number[] | undefined)[] = [undefined];
    let nonAscii = false;
    needles.forEach((text, index) => {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const edges = c < 128 ? (asciiEdges[s] as Map<number, number>) : (other[s] as Map<number, number>);
        if (c >= 128) nonAscii = true;
        let next = edges.get(c);
        if (next === undefined) {
          next = asciiEdges.length;
          edges.set(c, next);
          asciiEdges.push(new Map());
          other.push(new Map());
          out.push(undefined);
        }
        s = next;
      }
      (out[s] ??= []).push(index);
    });
    const n = asciiEdges.length;
    const ascii = new Int32Array(n * 128);
    const fail = new Int32Array(n);
    // Breadth-first: complete the ASCII table and failure links.
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const next = (asciiEdges[0] as Map<number, number>).get(c);
      ascii[c] = next ?? 0;
      if (next !== undefined) queue.push(next);
    }
    for (const next of (other[0] as Map<number, number>).values()) queue.push(next);
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const f = fail[s] as number;
      const fo = out[f];
      if (fo) out[s] = [...(out[s] ?? []), ...fo];
      for (let c = 0; c < 128; c++) {
        const next = (asciiEdges[s] as Map<number, number>).get(c);
        if (next !== undefined) {
          fail[next] = ascii[f * 128 + c] as number;
          ascii[s * 128 + c] = next;
          queue.push(next);
        } else {
          ascii[s * 128 + c] = ascii[f * 128 + c] as number;
        }
      }
      for (const [c, next] of other[s] as Map<number, number>) {
        fail[next] = this.stepOther(other, fail, f, c);
        queue.push(next);
      }
    }
    this.ascii = ascii;
    this.other = other;
    this.fail = fail;
    this.out = out;
    this.hasNonAscii = nonAscii;
  }

  private stepOther(other: Map<number, number>[], fail: Int32Array, state: number, c: number): number {
    let s = state;
    while (true) {
      const next = (other[s] as Map<number, number>).get(c);
      if (next !== undefined) return next;
      if (s === 0) return 0;
      s = fail[s] as number;
    }
  }

  scan(text: string, found: (needle: number) => void): void {
    const { ascii, out } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) s = ascii[s * 128 + c] as number;
      else s = this.hasNonAscii ? this.stepOther(this.other, this.fail, s, c) : 0;
      const o = out[s];
      if (o !== undefined) for (let k = 0; k < o.length; k++) found(o[k] as number);
    }
  }
}
