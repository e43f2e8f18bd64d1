// Starts the server from a validated configuration, and on a fresh data directory creates
// the first global-admin token (printed once), so a newcomer can log in at all.
import { buildApp, type App } from './app.ts';
import type { ServerConfig } from '../config/schema.ts';

export interface Started {
  app: App;
  /** `http://host:port`, with the port actually bound (0 in the config picks a free one). */
  url: string;
  /** Set when this start created the first global-admin token. */
  bootstrapToken?: string;
}

export async function startServer(config: ServerConfig): Promise<Started> {
  const app = await buildApp(config);
  let bootstrapToken: string | undefined;
  if (!app.ctx.tokens.listTokens(null).some((t) => t.revoked === null)) {
    bootstrapToken = app.ctx.tokens.createToken({ tenant: null, role: 'global-admin', name: 'bootstrap' }).token;
  }
  try {
    const address = await app.app.listen({ host: config.listen.host, port: config.listen.port });
    return { app, url: address, ...(bootstrapToken ? { bootstrapToken } : {}) };
  } catch (err) {
    await app.close();
    throw err;
  }
}
