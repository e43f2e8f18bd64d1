// The shared Store contract over the embedded SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSqliteStore } from '../../src/store/index.ts';
import { storeContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'stegosoc-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
storeContract({ name: 'sqlite', open: async () => openSqliteStore(join(dir, `s${++n}.db`)) });
