// Aho-Corasick over UTF-16 code units with a dense, case-folding transition table for ASCII (one
// array read per character) and a sparse map for the rest (fed lowered text). Built once per rule group. Each needle carries
// payload ids (the rules it stands for); a state's output is the union of the payloads of the
// needles ending there, so a scan marks rules directly without callbacks or allocation.
// (Written here rather than taken from npm: the packages available use per-node maps, several
// times slower per character, and the prefilter runs on every field value of every event.)
import { ByteScanner } from './byte-scan.ts';

export class NeedleAutomaton {
  /** state * width + classOf[code] -> next state (complete DFA for ASCII). Characters that occur
   *  in no needle share class 0, so a row is only as wide as the needles' alphabet and the whole
   *  table stays small enough for the CPU cache (it is read once per character of every value). */
  readonly ascii: Int32Array;
  /** The same table for the scan loop: entries are the next state's row offset (state * width),
   *  bit-inverted (negative) when a needle ends there, so one read and one sign test per
   *  character replace the multiplication and the output lookup. */
  readonly rows: Int32Array;
  readonly width: number;
  /** ASCII code -> character class; upper-case letters share their lower-case class (case folding). */
  readonly classOf: Uint8Array;
  /** classOf for UTF-8 bytes: the same for ASCII, class 0 (back to the root) for bytes of
   *  non-ASCII characters, so a byte scan needs no branch when no needle is non-ASCII. */
  readonly classOfByte: Uint8Array;
  private readonly other: Map<number, number>[]; // non-ASCII goto edges (trie only)
  private readonly fail: Int32Array;
  /** state -> payload ids of the needles ending here (including via failure links) */
  readonly out: (number[] | undefined)[];
  readonly hasNonAscii: boolean;
  /** state -> length of the needle prefix it stands for */
  private readonly depth: Int32Array;
  private scanner: ByteScanner | undefined;

  constructor(needles: readonly { text: string; payload: readonly number[] }[]) {
    const asciiEdges: Map<number, number>[] = [new Map()];
    const other: Map<number, number>[] = [new Map()];
    const out: (number[] | undefined)[] = [undefined];
    const depth: number[] = [0];
    let nonAscii = false;
    for (const { text, payload } of needles) {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 128) nonAscii = true;
        const edges = (c < 128 ? asciiEdges[s] : other[s]) as Map<number, number>;
        let next = edges.get(c);
        if (next === undefined) {
          next = asciiEdges.length;
          edges.set(c, next);
          asciiEdges.push(new Map());
          other.push(new Map());
          out.push(undefined);
          depth.push(i + 1);
        }
        s = next;
      }
      out[s] = union(out[s], payload);
    }
    const n = asciiEdges.length;
    const classOf = new Uint8Array(128);
    let width = 1;
    for (const edges of asciiEdges) for (const c of edges.keys()) if (classOf[c] === 0) classOf[c] = width++;
    for (let c = 65; c <= 90; c++) if (classOf[c + 32]) classOf[c] = classOf[c + 32] as number;
    const ascii = new Int32Array(n * width);
    const fail = new Int32Array(n);
    // Breadth-first from the root: failure links, inherited outputs, the complete ASCII table.
    const queue: number[] = [0];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const f = fail[s] as number;
      if (s !== 0 && f !== s) out[s] = union(out[s], out[f]);
      // The row starts as the failure state's row (already complete: it is shallower), then
      // this state's own edges replace their entries.
      ascii.copyWithin(s * width, f * width, f * width + width);
      for (const [c, next] of asciiEdges[s] as Map<number, number>) {
        const k = classOf[c] as number;
        fail[next] = s === 0 ? 0 : (ascii[f * width + k] as number);
        ascii[s * width + k] = next;
        queue.push(next);
      }
      for (const [c, next] of other[s] as Map<number, number>) {
        fail[next] = s === 0 ? 0 : stepOther(other, fail, f, c);
        queue.push(next);
      }
    }
    // Needles are lowered, and upper-case letters share their lower-case class: values need no
    // lowering before the scan.
    const rows = new Int32Array(ascii.length);
    for (let k = 0; k < ascii.length; k++) {
      const next = ascii[k] as number;
      rows[k] = out[next] ? ~(next * width) : next * width;
    }
    this.ascii = ascii;
    this.rows = rows;
    this.width = width;
    this.classOf = classOf;
    this.classOfByte = new Uint8Array(256);
    this.classOfByte.set(classOf);
    this.other = other;
    this.fail = fail;
    this.out = out;
    this.hasNonAscii = nonAscii;
    this.depth = Int32Array.from(depth);
  }

  /** The byte loop in WebAssembly over this automaton's tables (made on first use: most
   *  automata only ever see short values). Only for ASCII needles: a byte of a non-ASCII
   *  character is class 0 and resets the scan, as a non-ASCII character does. */
  byteScanner(): ByteScanner {
    return (this.scanner ??= new ByteScanner(this.rows, this.classOfByte, this.depth, this.width));
  }

  /** Next state on a non-ASCII code unit. */
  stepNonAscii(state: number, c: number): number {
    return this.hasNonAscii ? stepOther(this.other, this.fail, state, c) : 0;
  }
}

function stepOther(other: Map<number, number>[], fail: Int32Array, state: number, c: number): number {
  let s = state;
  while (true) {
    const next = (other[s] as Map<number, number>).get(c);
    if (next !== undefined) return next;
    if (s === 0) return 0;
    s = fail[s] as number;
  }
}

function union(a: number[] | undefined, b: readonly number[] | undefined): number[] | undefined {
  if (!b || b.length === 0) return a;
  if (!a) return [...b];
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}
