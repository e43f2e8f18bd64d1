// The console's part of the Store contract over the PostgreSQL store (127.0.0.1:5432), one
// throwaway database per test.
import { after } from 'node:test';
import { openPostgresStore } from '../../src/store/postgres/index.ts';
import { createTempDatabase, type TempDatabase } from './postgres-db.ts';
import { consoleContract } from './console-contract.ts';

const dbs: TempDatabase[] = [];
after(async () => {
  for (const d of dbs) await d.drop();
});
consoleContract({
  name: 'postgres',
  open: async () => {
    const d = await createTempDatabase();
    dbs.push(d);
    return openPostgresStore(d.url);
  },
});
