// Rotation while we were down: the file we were reading was renamed (app.log → app.log.1) and
// a new one took its path. Its checkpoint still knows its device and inode, so on start we look
// for that inode beside its old path and finish reading it: the lines written between our
// last checkpoint and the rotation are not lost.
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import type { Checkpoint } from '../store/store.ts';

export interface MovedFile {
  path: string;
  key: string;
}

/**
 * Files checkpointed under a path the patterns match, now found under another name in the same
 * directory, with bytes past their checkpoint. `isFileCheckpoint` validates a checkpoint's state.
 */
export async function findRotated(
  checkpoints: readonly Checkpoint[],
  patterns: readonly string[],
  stateOf: (c: Checkpoint) => { dev: number; ino: number; path: string } | undefined,
): Promise<MovedFile[]> {
  const matchers = patterns.map((p) => picomatch(resolve(p)));
  const wanted = (path: string) => matchers.some((m) => m(path));
  const byDir = new Map<string, { dev: number; ino: number; offset: number; key: string; path: string }[]>();
  for (const c of checkpoints) {
    const s = stateOf(c);
    if (!s || !wanted(s.path)) continue;
    const here = await stat(s.path).catch(() => undefined);
    if (here && here.dev === s.dev && here.ino === s.ino) continue; // not moved
    const list = byDir.get(dirname(s.path)) ?? [];
    list.push({ dev: s.dev, ino: s.ino, offset: c.offset, key: c.key, path: s.path });
    byDir.set(dirname(s.path), list);
  }
  const moved: MovedFile[] = [];
  for (const [dir, lost] of byDir) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(dir, name);
      const st = await stat(path).catch(() => undefined);
      if (!st?.isFile()) continue;
      const hit = lost.find((l) => l.dev === st.dev && l.ino === st.ino);
      if (hit && st.size > hit.offset) moved.push({ path, key: hit.key });
    }
  }
  return moved;
}
