// `stegosoc templates list|promote`: what the miner learned per tenant, and turning a
// learned template into a named parser in the tenant's parser layer.
import type { Command } from 'commander';
import { DEFAULT_TENANT } from '../core/event.ts';
import { promoteTemplate } from '../pipeline/promote.ts';
import { openSqliteStore, type Store } from '../store/index.ts';
import { defaultDbPath, resolveDataDir } from '../store/locations.ts';
import { positiveInt } from './options.ts';
import { registerTemplatesMine } from './templates-mine.ts';

interface StoreOptions {
  tenant: string;
  dataDir?: string;
  db?: string;
}

async function withStore<T>(opts: StoreOptions, fn: (store: Store, dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = resolveDataDir(opts.dataDir);
  const store = openSqliteStore(opts.db ?? defaultDbPath(dataDir));
  try {
    return await fn(store, dataDir);
  } finally {
    await store.close();
  }
}

const storeOptions = (c: Command) =>
  c
    .option('-t, --tenant <tenant>', 'tenant', DEFAULT_TENANT)
    .option('--data-dir <dir>', 'data directory (default $STEGOSOC_DATA or ./var)')
    .option('--db <file>', 'SQLite store file (default <data-dir>/stegosoc.db)');

export function register(program: Command): void {
  const templates = program.command('templates').description('templates learned by the miner');
  registerTemplatesMine(templates);

  storeOptions(templates.command('list').description('list a tenant\'s mined templates, most frequent first'))
    .option('--json', 'print JSON instead of a table')
    .option('-n, --limit <n>', 'show at most n templates', positiveInt('--limit'))
    .action(async (opts: StoreOptions & { json?: boolean; limit?: number }) => {
      await withStore(opts, async (store) => {
        const rows = (await store.listTemplates(opts.tenant)).slice(0, opts.limit);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`no templates for tenant ${opts.tenant}\n`);
          return;
        }
        const w = Math.max(...rows.map((r) => r.templateId.length));
        for (const r of rows) {
          process.stdout.write(`${r.templateId.padEnd(w)}  ${String(r.count).padStart(7)}  ${r.program ? `[${r.program}] ` : ''}${r.template}\n`);
          process.stdout.write(`${' '.repeat(w + 11)}e.g. ${r.example.slice(0, 160)}\n`);
        }
      });
    });

  storeOptions(templates.command('promote').description('turn a mined template into a named parser of the tenant'))
    .argument('<id>', 'template id (see `templates list`)')
    .requiredOption('--name <name>', 'name of the new parser (events get it as their parser)')
    .option('--force', 'replace an existing parser file of that name')
    .action(async (id: string, opts: StoreOptions & { name: string; force?: boolean }) => {
      await withStore(opts, async (store, dataDir) => {
        const { file, yaml } = await promoteTemplate({ store, dataDir, tenant: opts.tenant, templateId: id, name: opts.name, force: opts.force ?? false });
        process.stdout.write(`wrote ${file}\n${yaml}`);
      });
    });
}
