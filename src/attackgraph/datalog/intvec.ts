// A growable Int32Array: the AND-node and fact tables grow to tens of millions of entries,
// where plain number arrays would cost four times the memory.
export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const d = new Int32Array(n);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  /** A trimmed copy, for handing out as the final array. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
