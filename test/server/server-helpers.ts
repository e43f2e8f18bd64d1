// A real server on an ephemeral loopback port over a fresh data directory, with tenants
// and tokens of every role, for the API tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/config/load.ts';
import type { ServerConfigInput } from '../../src/config/schema.ts';
import { buildApp, type App } from '../../src/server/app.ts';
import type { Role } from '../../src/server/auth/roles.ts';
import type { HourlyReport, ReportFinding } from '../../src/detect/anomaly/report/report-model.ts';

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  /** `tokens[tenant][role]`, plus `global` for a global admin. */
  tokens: Record<string, Partial<Record<Role, string>>>;
  tokenIds: Record<string, Partial<Record<Role, string>>>;
  global: string;
  request(method: string, path: string, opts?: { token?: string; body?: unknown; text?: string; contentType?: string; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(tenants: readonly string[], config: Partial<ServerConfigInput> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stegosoc-server-'));
  const app = await buildApp(validateConfig({ ...config, dataDir, listen: { host: '127.0.0.1', port: 0 }, log: { level: 'silent' } }));
  const tokens: TestServer['tokens'] = {};
  const tokenIds: TestServer['tokenIds'] = {};
  for (const t of tenants) {
    app.ctx.tokens.addTenant(t);
    tokens[t] = {};
    tokenIds[t] = {};
    for (const role of ['admin', 'analyst', 'ingest'] as const) {
      const { token, row } = app.ctx.tokens.createToken({ tenant: t, role, name: `${t}-${role}` });
      tokens[t][role] = token;
      tokenIds[t][role] = row.id;
    }
  }
  const global = app.ctx.tokens.createToken({ tenant: null, role: 'global-admin' }).token;
  const url = await app.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app, url, dataDir, tokens, tokenIds, global,
    request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.text !== undefined) {
        body = opts.text;
        headers['content-type'] = opts.contentType ?? 'text/plain';
      } else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      return fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Our own sshd lines (syslog header + message), numbered so each is distinct. */
export function sshdLines(n: number, marker = 'x', ip = '203.0.113.7'): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`Nov 27 10:${String(i % 60).padStart(2, '0')}:00 web-1 sshd[${1000 + i}]: Failed password for ${marker} from ${ip} port ${2000 + i} ssh2`);
  return `${lines.join('\n')}\n`;
}

/** An hourly anomaly report as the anomaly cycle stores it: one entity with two findings (a
 *  new kind of line and a rate spike) and one silence, named after `who`. */
export function sampleReport(tenant: string, start: number, who: string): HourlyReport {
  const entity = { type: 'host', value: who };
  const newLine: ReportFinding = {
    detector: 'first-seen-template', kind: 'new-template', entity, score: 91.8, band: 'critical', reason: `first time ${who} logs this kind of line`,
    template: 'ZQX9 <*> done', samples: [`ZQX9 ${who} done`], key: `template:${who}:zqx9`,
  };
  const spike: ReportFinding = {
    detector: 'rates', kind: 'rate-spike', entity, score: 72.4, band: 'high', reason: `${who} logged 40× its usual volume`, expected: 10, actual: 400,
    samples: [], key: `series:e|host:${who}|events`,
  };
  const silence: ReportFinding = { detector: 'silence', kind: 'silence', entity: { type: 'source', value: `${who}-app` }, score: 45, band: 'medium', reason: 'went quiet', expected: 50, actual: 0, samples: [], key: `series:s|${who}-app` };
  return {
    tenant, start, end: start + 3_600_000, periodMinutes: 60, generatedAt: start + 3_600_000, warmingUp: false, events: 1234, expectedEvents: 300,
    topEntities: [{ entity, score: 91.8, band: 'critical', findings: [newLine, spike] }],
    newTemplates: [newLine], rateSpikes: [spike], silences: [silence],
    l1: { total: 0, rules: [] }, suppressed: 0, chart: [{ start, actual: 1234, baseline: 300 }],
  };
}

export interface StreamListener {
  status: number;
  /** What has arrived so far. */
  text(): string;
  /** Closes the stream; resolves with everything that arrived. */
  stop(): Promise<string>;
}

/** Opens the live stream (server-sent events) with `token` and collects what arrives. */
export async function listenStream(url: string, token: string): Promise<StreamListener> {
  const ac = new AbortController();
  const r = await fetch(`${url}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
  const reader = r.body!.getReader();
  let text = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
      }
    } catch {
      // aborted
    }
  })();
  return { status: r.status, text: () => text, stop: async () => { ac.abort(); await pump; return text; } };
}
