// Files as a source: globs expanded with tinyglobby, each file read from its checkpoint,
// and in follow mode polled for growth, rotation (rename + create) and truncation.
// Polling rather than fs.watch: watch events are lossy across platforms and on network
// filesystems, and a poll every few hundred ms costs one stat per file.
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Checkpoint } from '../store/store.ts';
import type { LineBatch, Source } from './batch.ts';
import { DEFAULT_MAX_LINE_BYTES, LineFramer } from './framing.ts';
import { fileKey, identify, sameFile, type FileIdentity } from './file-identity.ts';
import { findRotated } from './rotated-files.ts';

export interface FileSourceOptions {
  /** File paths or glob patterns. */
  patterns: readonly string[];
  tenant: string;
  follow: boolean;
  loadCheckpoint: (tenant: string, key: string) => Promise<Checkpoint | undefined>;
  /** The tenant's checkpoints, to find files rotated away while nothing was reading them. */
  listCheckpoints?: (tenant: string) => Promise<Checkpoint[]>;
  pollMs?: number;
  maxLineBytes?: number;
  readChunkBytes?: number;
  /** Polls a vanished file stays open, so a writer's last lines after a rename are read. */
  orphanPolls?: number;
  onWarning?: (message: string) => void;
}

/** What a file checkpoint remembers besides the offset; checked on load, since it comes
 *  back from the store as JSON (an older or damaged record means: read from the start). */
export const FileCheckpointStateSchema = z.object({
  dev: z.number(),
  ino: z.number(),
  fingerprint: z.string(),
  fingerprintLength: z.number().int().min(0),
  path: z.string(),
  /** Bumped on each truncation, so re-written offsets get new event ids. */
  generation: z.number().int().min(0),
});
export type FileCheckpointState = z.infer<typeof FileCheckpointStateSchema>;

interface Tracked {
  key: string;
  path: string;
  handle: FileHandle;
  identity: FileIdentity;
  generation: number;
  framer: LineFramer;
  readPos: number;
  missingPolls: number;
}

export function fileSource(opts: FileSourceOptions): Source {
  const pollMs = opts.pollMs ?? 250;
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const chunkBytes = opts.readChunkBytes ?? 1024 * 1024;
  const orphanPolls = opts.orphanPolls ?? 2;
  const warn = opts.onWarning ?? (() => {});

  const sourceIdOf = (t: Tracked) => `${t.identity.dev}:${t.identity.ino}:${t.identity.fingerprint}:${t.generation}`;

  const checkpointOf = (t: Tracked): Checkpoint => {
    const state: FileCheckpointState = { ...t.identity, path: t.path, generation: t.generation };
    return { key: t.key, offset: t.framer.committedOffset, state };
  };

  const batchOf = (t: Tracked, lines: LineBatch['lines']): LineBatch => ({
    tenant: opts.tenant,
    source: t.path,
    sourceId: sourceIdOf(t),
    lines,
    checkpoint: checkpointOf(t),
  });

  async function openTracked(path: string): Promise<Tracked | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      warn(`cannot open ${path}: ${(err as Error).message}`);
      return undefined;
    }
    const fst = await handle.stat();
    const key = fileKey(fst);
    const saved = await opts.loadCheckpoint(opts.tenant, key);
    const parsedState = saved ? FileCheckpointStateSchema.safeParse(saved.state) : undefined;
    const savedState = parsedState?.success ? parsedState.data : undefined;
    let offset = 0;
    let generation: number;
    let identity: FileIdentity;
    if (saved && savedState && sameFile(handle.fd, fst, savedState) && fst.size >= saved.offset) {
      identity = { dev: savedState.dev, ino: savedState.ino, fingerprint: savedState.fingerprint, fingerprintLength: savedState.fingerprintLength };
      offset = saved.offset;
      generation = savedState.generation;
    } else {
      // A recycled inode or a file truncated while we were down: start over, with a new
      // generation so the new content cannot collide with the old content's event ids.
      identity = identify(handle.fd, fst);
      generation = savedState ? savedState.generation + 1 : 0;
      if (saved) warn(`${path}: not the file checkpointed under ${key} (or truncated); reading from the start`);
    }
    return { key, path, handle, identity, generation, framer: new LineFramer(maxLine, offset), readPos: offset, missingPolls: 0 };
  }

  /** Detects truncation (size below what we read, or the first bytes changed: copytruncate
   *  followed by new writes) and restarts the file at offset 0 under a new generation. */
  function checkTruncation(t: Tracked, st: Stats): void {
    if (st.size >= t.readPos && (t.identity.fingerprintLength === 0 || sameFile(t.handle.fd, st, t.identity))) return;
    warn(`${t.path}: truncated, reading from the start`);
    t.generation += 1;
    t.identity = identify(t.handle.fd, st);
    t.framer = new LineFramer(maxLine, 0);
    t.readPos = 0;
  }

  async function* readAvailable(t: Tracked, final: boolean): AsyncGenerator<LineBatch> {
    const st = await t.handle.stat();
    checkTruncation(t, st);
    if (t.identity.fingerprintLength === 0 && st.size > 0) t.identity = identify(t.handle.fd, st);
    const buf = Buffer.allocUnsafe(chunkBytes);
    while (true) {
      const { bytesRead } = await t.handle.read(buf, 0, chunkBytes, t.readPos);
      if (bytesRead === 0) break;
      t.readPos += bytesRead;
      // Copy: the framer may keep a view of the chunk as a partial line.
      const lines = t.framer.push(Buffer.from(buf.subarray(0, bytesRead)));
      if (lines.length > 0) yield { ...batchOf(t, lines), more: bytesRead === chunkBytes };
    }
    if (final) {
      const rest = t.framer.flush();
      if (rest.length > 0) yield batchOf(t, rest);
    }
  }

  async function expand(): Promise<string[]> {
    const literal = opts.patterns.filter((p) => !isDynamicPattern(p)).map((p) => resolve(p));
    const dynamic = opts.patterns.filter((p) => isDynamicPattern(p));
    const found = dynamic.length > 0 ? await glob(dynamic, { absolute: true, onlyFiles: true }) : [];
    return [...new Set([...literal, ...found])].sort();
  }

  return async function* files(signal: AbortSignal): AsyncGenerator<LineBatch> {
    const tracked = new Map<string, Tracked>();
    try {
      if (opts.listCheckpoints) {
        const checkpoints = (await opts.listCheckpoints(opts.tenant)).filter((c) => c.key.startsWith('file:'));
        const stateOf = (c: Checkpoint) => {
          const r = FileCheckpointStateSchema.safeParse(c.state);
          return r.success ? r.data : undefined;
        };
        for (const moved of await findRotated(checkpoints, opts.patterns, stateOf)) {
          const t = await openTracked(moved.path);
          if (!t) continue;
          warn(`${moved.path}: rotated while not running; reading its remaining lines`);
          // Not matched by the patterns: it is finished once drained (see `gone` below).
          t.missingPolls = orphanPolls;
          tracked.set(t.key, t);
        }
      }
      let first = true;
      while (!signal.aborted) {
        const paths = await expand();
        if (first && paths.length === 0 && !opts.follow) warn(`no file matches ${opts.patterns.join(' ')}`);
        first = false;
        const seen = new Set<string>();
        for (const path of paths) {
          let st: Stats;
          try {
            st = await stat(path);
          } catch {
            if (!opts.follow) warn(`cannot read ${path}: no such file`);
            continue;
          }
          if (!st.isFile()) continue;
          const key = fileKey(st);
          seen.add(key);
          const known = tracked.get(key);
          if (known) {
            known.path = path;
            known.missingPolls = 0;
            continue;
          }
          const t = await openTracked(path);
          if (t) tracked.set(t.key, t);
        }
        for (const t of [...tracked.values()]) {
          if (signal.aborted) return;
          const gone = !seen.has(t.key);
          if (gone) t.missingPolls += 1;
          // A file is finished when we are not following, or when its path has pointed
          // elsewhere for a few polls (rotated away or deleted) and it stopped growing: a
          // writer may still append to a renamed file until it reopens its log.
          const finished = !opts.follow || (gone && t.missingPolls > orphanPolls && (await t.handle.stat()).size === t.readPos);
          yield* readAvailable(t, finished);
          if (finished) {
            await t.handle.close();
            tracked.delete(t.key);
          }
        }
        if (!opts.follow) return;
        try {
          await sleep(pollMs, undefined, { signal });
        } catch {
          return;
        }
      }
    } finally {
      for (const t of tracked.values()) await t.handle.close().catch(() => {});
    }
  };
}
