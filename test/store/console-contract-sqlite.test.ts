// The console's part of the Store contract over the embedded SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSqliteStore } from '../../src/store/index.ts';
import { consoleContract } from './console-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'stegosoc-console-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
consoleContract({ name: 'sqlite', open: async () => openSqliteStore(join(dir, `s${++n}.db`)) });
// The server's way: batches commit on the writer thread, the console reads on the main connection.
consoleContract({ name: 'sqlite (writer thread)', open: async () => openSqliteStore(join(dir, `t${++n}.db`), { writerThread: true }) });
