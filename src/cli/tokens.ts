// `stegosoc tenants add|list` and `stegosoc tokens create|list|revoke`: managing access
// from the host, without a running server (the server reads the same token database).
import type { Command } from 'commander';
import { openTokenStore, tokenDbPath, type TokenStore } from '../server/auth/token-store.ts';
import { isRole, ROLES } from '../server/auth/roles.ts';
import { resolveDataDir } from '../store/locations.ts';

interface DirOptions {
  dataDir?: string;
}

function withTokens<T>(opts: DirOptions, fn: (t: TokenStore) => T): T {
  const tokens = openTokenStore(tokenDbPath(resolveDataDir(opts.dataDir)));
  try {
    return fn(tokens);
  } finally {
    tokens.close();
  }
}

const dirOption = (c: Command) => c.option('--data-dir <dir>', 'data directory (default $STEGOSOC_DATA or ./var)');
const out = (s: string) => process.stdout.write(`${s}\n`);

export function register(program: Command): void {
  const tenants = program.command('tenants').description('tenants of this installation');
  dirOption(tenants.command('add').description('add a tenant').argument('<name>', 'tenant name (a-z, 0-9, _ and -)'))
    .action((name: string, opts: DirOptions) => {
      withTokens(opts, (t) => out(`added tenant ${t.addTenant(name).name}`));
    });
  dirOption(tenants.command('list').description('list tenants'))
    .action((opts: DirOptions) => {
      withTokens(opts, (t) => t.listTenants().forEach((r) => out(`${r.name}  ${new Date(r.created).toISOString()}`)));
    });

  const tokens = program.command('tokens').description('API tokens (stored hashed; the secret is shown once)');
  dirOption(tokens.command('create').description('create a token'))
    .option('-t, --tenant <tenant>', 'tenant the token acts in (omit with --role global-admin)')
    .requiredOption('-r, --role <role>', `one of ${ROLES.join(', ')}`)
    .option('-n, --name <name>', 'a label to recognise the token by', '')
    .action((opts: DirOptions & { tenant?: string; role: string; name: string }) => {
      if (!isRole(opts.role)) throw new Error(`unknown role ${JSON.stringify(opts.role)}: use one of ${ROLES.join(', ')}`);
      const role = opts.role;
      withTokens(opts, (t) => {
        const { token, row } = t.createToken({ tenant: opts.tenant ?? null, role, name: opts.name });
        out(`token ${row.id} (${row.role}${row.tenant ? ` of ${row.tenant}` : ''}); the secret is shown once:`);
        out(token);
      });
    });
  dirOption(tokens.command('list').description('list tokens (never their secrets)'))
    .option('-t, --tenant <tenant>', 'only this tenant\'s tokens')
    .action((opts: DirOptions & { tenant?: string }) =>
      withTokens(opts, (t) => {
        for (const r of t.listTokens(opts.tenant)) {
          out(`${r.id}  ${r.role.padEnd(12)} ${(r.tenant ?? '*').padEnd(16)} ${r.revoked ? 'revoked' : 'active '}  ${r.name}`);
        }
      }));
  dirOption(tokens.command('revoke').description('revoke a token').argument('<id>', 'token id (see tokens list)'))
    .action((id: string, opts: DirOptions) =>
      withTokens(opts, (t) => {
        if (!t.revokeToken(id)) throw new Error(`no active token ${id}`);
        out(`revoked ${id}`);
      }));
}
