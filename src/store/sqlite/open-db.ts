// Opens the store's SQLite file with the settings every connection to it uses (the main
// connection and the writer thread's), and brings it to the current schema.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.ts';

export function openStoreDb(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // 16 KiB pages for new files (existing files keep theirs; WAL mode fixes it, so it comes
  // first): events are ~600 bytes with their JSON, and larger pages measured 1.4–2× faster
  // inserts with the indexes (fewer page splits and overflow pages, fewer pages per commit).
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (the case we promise); only a power cut
  // can lose the last commits, which FULL would cost a sync per batch to prevent.
  // Trade-off, documented for operators: in WAL mode a committed batch survives a killed
  // process (kill -9 loses nothing committed, the exactly-once test checks it); a power loss
  // may lose the last few commits, never corrupts the file, and the checkpoints committed with
  // them roll back too, so the sources re-send those lines.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // 64 MiB page cache (negative = KiB): the indexes' hot pages stay in memory while writing.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // A checkpoint copies the WAL into the file and syncs it; at SQLite's default (every 1,000
  // pages) a store with several indexes checkpointed on nearly every batch, which measured at
  // about half the write time. Every ~40 MB of WAL instead, and the WAL file is cut back to
  // 64 MB after a checkpoint so it does not keep its peak size on disk.
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${Math.ceil((40 << 20) / pageSize)}`);
  db.pragma('journal_size_limit = 67108864');
  try {
    migrate(db, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
