// The automaton's inner loop over UTF-8 bytes, in WebAssembly. The same loop in JavaScript
// costs some 30 machine instructions a byte: V8 re-checks each typed array's kind, reloads its
// base and length, and bounds-checks every read on every iteration. In WebAssembly a byte costs
// about a dozen, and the prefilter runs this loop over every raw line that keyword rules search
// and every long field value. The module is small enough to write by hand; its text:
//
//   (module
//     (import "m" "mem" (memory 1))
//     ;; From byte address $i to $end, starting in row $row: the next transition is
//     ;; rows[$row + classes[byte]] (i32 entries at $rows, u8 classes at $classes). Stops after
//     ;; a byte whose transition is negative (a needle ends there) and returns the address
//     ;; after it; the transition (negative) or, at the end, the last row is stored at address 0.
//     (func (export "scan") (param $i i32) (param $end i32) (param $row i32) (param $rows i32) (param $classes i32) (result i32)
//       (local $next i32)
//       (block $done
//         (loop $byte
//           (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
//           (local.set $next (i32.load (i32.add (local.get $rows) (i32.shl
//             (i32.add (local.get $row) (i32.load8_u (i32.add (local.get $classes) (i32.load8_u (local.get $i)))))
//             (i32.const 2)))))
//           (local.set $i (i32.add (local.get $i) (i32.const 1)))
//           (if (i32.lt_s (local.get $next) (i32.const 0))
//             (then (i32.store (i32.const 0) (local.get $next)) (return (local.get $i))))
//           (local.set $row (local.get $next))
//           (br $byte)))
//       (i32.store (i32.const 0) (local.get $row))
//       (local.get $i)))

const MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  // type: (i32 i32 i32 i32 i32) -> i32
  0x01, 0x0a, 0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
  // import "m" "mem" memory, min 1 page
  0x02, 0x0a, 0x01, 0x01, 0x6d, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x01,
  // one function of type 0
  0x03, 0x02, 0x01, 0x00,
  // export "scan"
  0x07, 0x08, 0x01, 0x04, 0x73, 0x63, 0x61, 0x6e, 0x00, 0x00,
  // code
  0x0a, 0x54, 0x01, 0x52, 0x01, 0x01, 0x7f, // one body of 0x52 bytes; one i32 local
  0x02, 0x40, // block $done
  0x03, 0x40, // loop $byte
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // br_if $done (i >= end)
  0x20, 0x03, 0x20, 0x02, 0x20, 0x04, 0x20, 0x00, 0x2d, 0x00, 0x00, 0x6a, 0x2d, 0x00, 0x00, 0x6a, // rows, row + classes[byte[i]]
  0x41, 0x02, 0x74, 0x6a, 0x28, 0x02, 0x00, 0x21, 0x05, // next = i32 at rows + 4 * (...)
  0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00, // i += 1
  0x20, 0x05, 0x41, 0x00, 0x48, 0x04, 0x40, // if next < 0
  0x41, 0x00, 0x20, 0x05, 0x36, 0x02, 0x00, 0x20, 0x00, 0x0f, // store next at 0; return i
  0x0b, // end if
  0x20, 0x05, 0x21, 0x02, 0x0c, 0x00, // row = next; br $byte
  0x0b, // end loop
  0x0b, // end block
  0x41, 0x00, 0x20, 0x02, 0x36, 0x02, 0x00, 0x20, 0x00, // store row at 0; return i
  0x0b,
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
/** Where the byte classes start (address 0 holds the scan's result). */
const CLASSES = 16;
/** Where the transition rows start. */
const ROWS = CLASSES + 256;
const utf8 = new TextEncoder();

/** One automaton's tables in WebAssembly memory, behind them room for the text being scanned. */
export class ByteScanner {
  private readonly memory: WasmMemory;
  private readonly scanFn: (i: number, end: number, row: number, rows: number, classes: number) => number;
  private readonly text: number;
  private textBytes: Uint8Array;
  private result: Int32Array;

  /** `rows` as NeedleAutomaton.rows (entries are row offsets, bit-inverted where a needle ends);
   *  `classOfByte` its byte classes. */
  constructor(rows: Int32Array, classOfByte: Uint8Array) {
    this.text = ROWS + rows.length * 4;
    this.memory = new wasm.Memory({ initial: Math.ceil((this.text + 4096) / PAGE) });
    const instance = new wasm.Instance((compiled ??= new wasm.Module(MODULE_BYTES)), { m: { mem: this.memory } });
    this.scanFn = instance.exports.scan as ByteScanner['scanFn'];
    new Uint8Array(this.memory.buffer, CLASSES, 256).set(classOfByte);
    new Int32Array(this.memory.buffer, ROWS, rows.length).set(rows);
    this.textBytes = new Uint8Array(this.memory.buffer, this.text);
    this.result = new Int32Array(this.memory.buffer, 0, 1);
  }

  /** Copies `v` as UTF-8 into the text area; returns its byte length. */
  load(v: string): number {
    const room = this.textBytes.length;
    if (room < v.length * 3) {
      this.memory.grow(Math.ceil((v.length * 3 - room) / PAGE));
      // Growing detaches the old buffer: new views on the new one.
      this.textBytes = new Uint8Array(this.memory.buffer, this.text);
      this.result = new Int32Array(this.memory.buffer, 0, 1);
    }
    return utf8.encodeInto(v, this.textBytes).written;
  }

  /** Runs the automaton over loaded bytes [from, end) from row `row`. Returns the offset after
   *  the first byte where a needle ends (then `last` is that transition, negative), or `end`
   *  (then `last` is the row reached, >= 0). */
  scan(from: number, end: number, row: number): number {
    return this.scanFn(this.text + from, this.text + end, row, ROWS, CLASSES) - this.text;
  }

  get last(): number {
    return this.result[0] as number;
  }
}
