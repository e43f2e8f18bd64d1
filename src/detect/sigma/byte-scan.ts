// The automaton's inner loop over UTF-8 bytes, in WebAssembly. The same loop in JavaScript
// costs some 30 machine instructions a byte: V8 re-checks each typed array's kind, reloads its
// base and length, and bounds-checks every read on every iteration. In WebAssembly a byte costs
// about a dozen, and the prefilter runs this loop over every raw line that keyword rules search
// and every long field value.
//
// One chain of table reads is latency-bound: each byte's read waits for the previous one (the
// tables of keyword automata are large, so many reads miss the first-level cache). A long text
// is therefore scanned as two halves side by side, two independent chains the CPU overlaps.
// The second half starts at the root, so it finds every needle that starts in it; the first
// half then runs on past the midpoint for as long as its state is deeper than the bytes read
// past the midpoint, i.e. while a needle that started before the midpoint may still end there
// (an Aho-Corasick state is the longest suffix of the text read that starts some needle; once
// that suffix starts at or after the midpoint, the second chain has been in the same state).
// That is usually a few bytes, not the longest needle's length. Needles ending in that stretch
// may be reported by both chains: the caller ignores repeats.
//
// The module is small enough to write by hand; its text (`step` stands for the block of code
// in STEP below, for pointer $a with row $rowA or $b with $rowB):
//
//   (module
//     (import "m" "mem" (memory 1))
//     ;; Scans bytes [$a, $end) from the root: $a..$mid paired with $b..$end, then the rest of
//     ;; the first half, its run-on past $mid, the rest of the second half.
//     ;; A transition is rows[$row + classes[byte]] (i32 entries at $rows, u8 classes at
//     ;; $classes), bit-inverted where a needle ends: then the row offset reached is stored at
//     ;; $out, which advances by 4. $depths: u8 per row offset, the state's depth. Returns $out.
//     (func (export "scan") (param $a i32) (param $mid i32) (param $b i32) (param $end i32)
//         (param $rows i32) (param $classes i32) (param $depths i32) (param $out i32) (result i32)
//       (local $rowA i32) (local $rowB i32) (local $next i32)
//       (block $two (loop $pair
//         (br_if $two (i32.ge_u (local.get $a) (local.get $mid)))
//         (br_if $two (i32.ge_u (local.get $b) (local.get $end)))
//         step($a, $rowA) step($b, $rowB)
//         (br $pair)))
//       (block $doneA (loop $restA
//         (br_if $doneA (i32.ge_u (local.get $a) (local.get $mid)))
//         step($a, $rowA)
//         (br $restA)))
//       (block $doneRunOn (loop $runOn
//         (br_if $doneRunOn (i32.ge_u (local.get $a) (local.get $end)))
//         (br_if $doneRunOn (i32.le_s (i32.load8_u (i32.add (local.get $depths) (local.get $rowA)))
//                                     (i32.sub (local.get $a) (local.get $mid))))
//         step($a, $rowA)
//         (br $runOn)))
//       (block $doneB (loop $restB
//         (br_if $doneB (i32.ge_u (local.get $b) (local.get $end)))
//         step($b, $rowB)
//         (br $restB)))
//       (local.get $out))
//
//   step($p, $row):
//     (local.set $next (i32.load (i32.add (local.get $rows) (i32.shl
//       (i32.add (local.get $row) (i32.load8_u (i32.add (local.get $classes) (i32.load8_u (local.get $p)))))
//       (i32.const 2)))))
//     (local.set $p (i32.add (local.get $p) (i32.const 1)))
//     (if (i32.lt_s (local.get $next) (i32.const 0)) (then
//       (local.set $next (i32.xor (local.get $next) (i32.const -1)))
//       (i32.store (local.get $out) (local.get $next))
//       (local.set $out (i32.add (local.get $out) (i32.const 4)))))
//     (local.set $row (local.get $next))

// Opcodes used (WebAssembly core specification, binary format).
const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, END = 0x0b, BR = 0x0c, BR_IF = 0x0d, VOID = 0x40;
const GET = 0x20, SET = 0x21, CONST = 0x41, LOAD = 0x28, LOAD8_U = 0x2d, STORE = 0x36;
const LT_S = 0x48, LE_S = 0x4c, GE_U = 0x4f, ADD = 0x6a, SUB = 0x6b, SHL = 0x74, XOR = 0x73;
/** Memory immediates: alignment (log2) and offset. */
const W32 = [0x02, 0x00], W8 = [0x00, 0x00];
// Parameters and locals, by index.
const A = 0, MID = 1, B = 2, END_AT = 3, ROWS_AT = 4, CLASSES_AT = 5, DEPTHS_AT = 6, OUT = 7, ROW_A = 8, ROW_B = 9, NEXT = 10;

function STEP(p: number, row: number): number[] {
  return [
    GET, ROWS_AT, GET, row, GET, CLASSES_AT, GET, p, LOAD8_U, ...W8, ADD, LOAD8_U, ...W8, ADD, CONST, 2, SHL, ADD, LOAD, ...W32, SET, NEXT,
    GET, p, CONST, 1, ADD, SET, p,
    GET, NEXT, CONST, 0, LT_S, IF, VOID,
    GET, NEXT, CONST, 0x7f, XOR, SET, NEXT, // 0x7f: -1 as signed LEB128
    GET, OUT, GET, NEXT, STORE, ...W32,
    GET, OUT, CONST, 4, ADD, SET, OUT,
    END,
    GET, NEXT, SET, row,
  ];
}

const BODY = [
  0x01, 0x03, 0x7f, // one run of 3 i32 locals
  BLOCK, VOID, LOOP, VOID,
  GET, A, GET, MID, GE_U, BR_IF, 1,
  GET, B, GET, END_AT, GE_U, BR_IF, 1,
  ...STEP(A, ROW_A), ...STEP(B, ROW_B),
  BR, 0, END, END,
  BLOCK, VOID, LOOP, VOID,
  GET, A, GET, MID, GE_U, BR_IF, 1,
  ...STEP(A, ROW_A),
  BR, 0, END, END,
  BLOCK, VOID, LOOP, VOID,
  GET, A, GET, END_AT, GE_U, BR_IF, 1,
  GET, DEPTHS_AT, GET, ROW_A, ADD, LOAD8_U, ...W8, GET, A, GET, MID, SUB, LE_S, BR_IF, 1,
  ...STEP(A, ROW_A),
  BR, 0, END, END,
  BLOCK, VOID, LOOP, VOID,
  GET, B, GET, END_AT, GE_U, BR_IF, 1,
  ...STEP(B, ROW_B),
  BR, 0, END, END,
  GET, OUT,
  END,
];

/** Unsigned LEB128 (section and body sizes). */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const byte = n & 0x7f;
    n >>>= 7;
    out.push(n ? byte | 0x80 : byte);
  } while (n);
  return out;
}

function section(id: number, bytes: number[]): number[] {
  return [id, ...leb(bytes.length), ...bytes];
}

export const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // type: (i32 x 8) -> i32
  ...section(0x01, [0x01, 0x60, 0x08, ...Array<number>(8).fill(0x7f), 0x01, 0x7f]),
  // import "m" "mem" memory, min 1 page
  ...section(0x02, [0x01, 0x01, 0x6d, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01]),
  // one function of type 0
  ...section(0x03, [0x01, 0x00]),
  // export "scan"
  ...section(0x07, [0x01, 0x04, 0x73, 0x63, 0x61, 0x6e, 0x00, 0x00]),
  // code: one body
  ...section(0x0a, [0x01, ...leb(BODY.length), ...BODY]),
]);

// The project's TypeScript library (ES2023, no DOM) does not describe WebAssembly: the little
// used here, typed by hand.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let compiled: object | undefined;

const PAGE = 65536;
/** Where the byte classes start. */
const CLASSES = 16;
/** Where the transition rows start. */
const ROWS = CLASSES + 256;
/** Texts shorter than this are one chain: two would save less than the first half's run-on. */
const SPLIT_MIN = 64;
/** Depths are stored as bytes: an automaton with a deeper state is never split. */
const MAX_SPLIT_DEPTH = 255;
const utf8 = new TextEncoder();

/** One automaton's tables in WebAssembly memory, behind them room for the text being scanned
 *  and, after the text, for the rows where needles end. */
export class ByteScanner {
  private readonly memory: WasmMemory;
  private readonly scanFn: (a: number, mid: number, b: number, end: number, rows: number, classes: number, depths: number, out: number) => number;
  private readonly depths: number;
  private readonly text: number;
  private readonly splits: boolean;
  private textBytes: Uint8Array;
  private words: Int32Array;
  private firstMatch = 0;

  /** `rows` as NeedleAutomaton.rows (entries are row offsets, bit-inverted where a needle ends),
   *  `classOfByte` its byte classes, `depthOfState` each state's depth (needle prefix length),
   *  `width` the row width. */
  constructor(rows: Int32Array, classOfByte: Uint8Array, depthOfState: Int32Array, width: number) {
    this.depths = ROWS + rows.length * 4;
    this.text = (this.depths + rows.length + 3) & ~3;
    this.memory = new wasm.Memory({ initial: Math.ceil((this.text + 4096) / PAGE) });
    const instance = new wasm.Instance((compiled ??= new wasm.Module(MODULE_BYTES)), { m: { mem: this.memory } });
    this.scanFn = instance.exports.scan as ByteScanner['scanFn'];
    new Uint8Array(this.memory.buffer, CLASSES, 256).set(classOfByte);
    new Int32Array(this.memory.buffer, ROWS, rows.length).set(rows);
    const depths = new Uint8Array(this.memory.buffer, this.depths, rows.length);
    let deepest = 0;
    for (let s = 0; s < depthOfState.length; s++) {
      const d = depthOfState[s] as number;
      deepest = Math.max(deepest, d);
      depths[s * width] = Math.min(d, MAX_SPLIT_DEPTH);
    }
    this.splits = deepest <= MAX_SPLIT_DEPTH;
    this.textBytes = new Uint8Array(this.memory.buffer, this.text);
    this.words = new Int32Array(this.memory.buffer);
  }

  /** Copies `v` as UTF-8 into the text area; returns its byte length. */
  load(v: string): number {
    // Room for 3 bytes a code unit, and behind them for two row offsets a byte (each chain
    // reports at most one a byte; the first half's run-on rereads at most the second half).
    const need = v.length * 3 + 4 + v.length * 3 * 2 * 4;
    const room = this.textBytes.length;
    if (room < need) {
      this.memory.grow(Math.ceil((need - room) / PAGE));
      // Growing detaches the old buffer: new views on the new one.
      this.textBytes = new Uint8Array(this.memory.buffer, this.text);
      this.words = new Int32Array(this.memory.buffer);
    }
    return utf8.encodeInto(v, this.textBytes).written;
  }

  /** Runs the automaton from the root over the `n` loaded bytes. Returns how many times a
   *  needle ended (some may be counted twice); match(k) is the row offset reached the k-th time. */
  scan(n: number): number {
    const out = (this.text + n + 3) & ~3;
    this.firstMatch = out >> 2;
    const start = this.text;
    const end = start + n;
    const mid = this.splits && n >= SPLIT_MIN ? start + (n >> 1) : end;
    return (this.scanFn(start, mid, mid, end, ROWS, CLASSES, this.depths, out) - out) >> 2;
  }

  /** The row offset where the k-th needle end of the last scan left the automaton. */
  match(k: number): number {
    return this.words[this.firstMatch + k] as number;
  }
}
