// Fields objects built in one step from a remembered key order (a shape), for formats that set
// 20 or more keys per line (CEF, auditd, key=value). Why: V8 keeps an object's properties in
// fast mode only up to about 19 keys added by computed stores; past that it turns the object into
// a dictionary, so every store is a hash insert and every later field read (the Sigma engine's)
// a hash probe; a prototype-less object is a dictionary from the start. Lines of one source
// repeat their keys in the same order: the parser records its pairs here, walking a trie of
// shapes (one identity compare per key while a line follows the path the previous line took),
// and `build` clones the shape's fast-mode template and fills in the values (measured: about a
// third of the time of the same stores into a dictionary, for 22 keys).
// The result is an ordinary object with the keys in first-set order, exactly as stores into `{}`
// would leave them (a key set again keeps its place).
import type { Fields, FieldValue } from '../../core/event.ts';

/** Keys per line kept in a shape; a line with more is built as a dictionary (spilled). */
const MAX_DEPTH = 128;
/** Shapes kept; past it the trie starts afresh, so endless distinct keys cannot grow memory. */
const MAX_NODES = 4096;

class ShapeNode {
  /** The last key of this shape's path (at index `depth - 1`). */
  readonly key: string;
  readonly parent: ShapeNode | null;
  readonly depth: number;
  /** The transition taken last: checked before `next`, as an inline cache. */
  lastKey: string | undefined = undefined;
  lastNode: ShapeNode | undefined = undefined;
  next: Map<string, ShapeNode> | undefined = undefined;
  /** Keys of the path and a fast-mode object holding them, made on the first build here. */
  keys: string[] | undefined = undefined;
  template: Fields | undefined = undefined;

  constructor(key: string, parent: ShapeNode | null) {
    this.key = key;
    this.parent = parent;
    this.depth = parent === null ? 0 : parent.depth + 1;
  }

}

/** The keys on the path from the root to `node`, in order. */
function pathKeys(node: ShapeNode): string[] {
  const keys = new Array<string>(node.depth);
  for (let n = node; n.parent !== null; n = n.parent) keys[n.depth - 1] = n.key;
  return keys;
}

/** A fast-mode object with `keys` in order: JSON.parse builds objects in fast mode (computed
 *  stores would not), and makes `__proto__` an own key like any other. */
function templateOf(keys: readonly string[]): Fields {
  let text = '{';
  for (let i = 0; i < keys.length; i++) text += (i > 0 ? ',' : '') + JSON.stringify(keys[i]) + ':0';
  return JSON.parse(text + '}') as Fields;
}

/** Collects one line's fields at a time (parsing is synchronous: one builder per parser). */
export class FieldsBuilder {
  private root = new ShapeNode('', null);
  private node = this.root;
  private nodes = 1;
  private resetPending = false;
  /** Value of the path's key at each index. */
  private readonly values: (FieldValue | undefined)[] = [];
  /** The line's fields once it left the trie (too many keys, or the trie is full). */
  private spill: Fields | null = null;

  /** Starts a line. */
  begin(): void {
    if (this.resetPending) {
      this.root = new ShapeNode('', null);
      this.nodes = 1;
      this.resetPending = false;
    }
    this.node = this.root;
    this.spill = null;
  }

  set(key: string, value: FieldValue | undefined): void {
    if (this.spill !== null) {
      this.spill[key] = value;
      return;
    }
    const cur = this.node;
    // A transition is only ever made for a key not yet on its path: a hit is a new key.
    if (cur.lastKey === key) {
      this.values[cur.depth] = value;
      this.node = cur.lastNode as ShapeNode;
      return;
    }
    const at = this.indexOf(key);
    if (at >= 0) {
      this.values[at] = value;
      return;
    }
    let next = cur.next?.get(key);
    if (next === undefined) {
      if (cur.depth >= MAX_DEPTH || this.nodes >= MAX_NODES) {
        if (this.nodes >= MAX_NODES) this.resetPending = true;
        this.toSpill()[key] = value;
        return;
      }
      next = new ShapeNode(key, cur);
      (cur.next ??= new Map()).set(key, next);
      this.nodes++;
    }
    cur.lastKey = key;
    cur.lastNode = next;
    this.values[cur.depth] = value;
    this.node = next;
  }

  get(key: string): FieldValue | undefined {
    if (this.spill !== null) return this.spill[key];
    const at = this.indexOf(key);
    return at >= 0 ? this.values[at] : undefined;
  }

  /** The line's fields as an object (a new one each call). */
  build(): Fields {
    if (this.spill !== null) return this.spill;
    const node = this.node;
    let keys = node.keys;
    let template = node.template;
    if (keys === undefined || template === undefined) {
      keys = node.keys = pathKeys(node);
      template = node.template = templateOf(keys);
    }
    const out: Fields = { ...template };
    const values = this.values;
    for (let i = 0; i < keys.length; i++) out[keys[i] as string] = values[i];
    return out;
  }

  /** Copies the line's fields into `f` in order (keys `f` already has keep their place there). */
  assignTo(f: Fields): void {
    if (this.spill !== null) {
      for (const k in this.spill) f[k] = this.spill[k];
      return;
    }
    const keys = pathKeys(this.node);
    for (let i = 0; i < keys.length; i++) f[keys[i] as string] = this.values[i];
  }

  private indexOf(key: string): number {
    for (let n = this.node; n.parent !== null; n = n.parent) if (n.key === key) return n.depth - 1;
    return -1;
  }

  private toSpill(): Fields {
    const spill = Object.create(null) as Fields;
    const keys = pathKeys(this.node);
    for (let i = 0; i < keys.length; i++) spill[keys[i] as string] = this.values[i];
    this.spill = spill;
    return spill;
  }
}
