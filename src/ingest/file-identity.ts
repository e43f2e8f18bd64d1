// Which file is this? Paths change on rotation and inodes are recycled after deletion, so a
// file is known by device + inode AND a hash of its first bytes: a rotated file keeps its
// identity (and its checkpoint), a new file that got a recycled inode does not inherit one.
import { createHash } from 'node:crypto';
import { readSync, type Stats } from 'node:fs';

/** How many leading bytes make the fingerprint (fewer while the file is shorter). */
export const FINGERPRINT_BYTES = 256;

export interface FileIdentity {
  dev: number;
  ino: number;
  /** sha256 (hex, shortened) of the first `fingerprintLength` bytes. */
  fingerprint: string;
  fingerprintLength: number;
}

/** Store key of a file's checkpoint: stable across renames. */
export function fileKey(st: Pick<Stats, 'dev' | 'ino'>): string {
  return `file:${st.dev}:${st.ino}`;
}

export function fingerprintOf(fd: number, length: number): string {
  const buf = Buffer.alloc(length);
  const n = length === 0 ? 0 : readSync(fd, buf, 0, length, 0);
  return createHash('sha256').update(buf.subarray(0, n)).digest('hex').slice(0, 32);
}

export function identify(fd: number, st: Pick<Stats, 'dev' | 'ino' | 'size'>): FileIdentity {
  const fingerprintLength = Math.min(FINGERPRINT_BYTES, st.size);
  return { dev: st.dev, ino: st.ino, fingerprint: fingerprintOf(fd, fingerprintLength), fingerprintLength };
}

/** True when the open file still starts with the bytes a saved identity was taken from. */
export function sameFile(fd: number, st: Pick<Stats, 'dev' | 'ino' | 'size'>, saved: FileIdentity): boolean {
  if (st.dev !== saved.dev || st.ino !== saved.ino || st.size < saved.fingerprintLength) return false;
  return fingerprintOf(fd, saved.fingerprintLength) === saved.fingerprint;
}
