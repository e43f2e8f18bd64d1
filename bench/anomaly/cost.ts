// Cost figure: scoring events through the anomaly windows against the parse stage's time
// for the same lines, both measured here in the same run. The lines are our own synthetic
// sshd syslog traffic (users, hosts and addresses drawn from small pools, a few templates).
import type { Event } from '../../src/core/event.ts';
import { anomalyConfig } from '../../src/detect/anomaly/config.ts';
import { processWindow, windowOf } from '../../src/detect/anomaly/engine.ts';
import { emptyModel } from '../../src/detect/anomaly/model.ts';
import { createParserSet } from '../../src/parse/index.ts';

const T0 = Date.UTC(2026, 10, 1);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function syslogTime(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** `n` sshd lines spread over `hours` hours. */
export function syntheticLines(n: number, hours: number): { line: string; time: number }[] {
  let s = 12345;
  const r = (k: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    // The high bits: the low bits of a power-of-two LCG cycle with a short period (s % 4
    // repeats every 4 draws), which made the pools a fraction of their stated size.
    return Math.floor((s / 2 ** 32) * k);
  };
  const out: { line: string; time: number }[] = [];
  for (let i = 0; i < n; i++) {
    const time = T0 + Math.floor((i / n) * hours * 3_600_000);
    const host = `srv${r(40)}`;
    const user = `user${r(200)}`;
    const ip = `10.${r(4)}.${r(50)}.${r(250)}`;
    const port = 1024 + r(60000);
    const pid = 1000 + r(30000);
    const kind = r(10);
    const msg =
      kind < 6
        ? `Accepted publickey for ${user} from ${ip} port ${port} ssh2`
        : kind < 9
          ? `Failed password for ${user} from ${ip} port ${port} ssh2`
          : `Disconnected from user ${user} ${ip} port ${port}`;
    out.push({ line: `${syslogTime(time)} ${host} sshd[${pid}]: ${msg}`, time });
  }
  return out;
}

/** CPU seconds (user + system) of this process spent in `fn`: the machine is shared, so wall
 *  time would count other people's work. */
function cpuTimed<T>(fn: () => T): { seconds: number; result: T } {
  const start = process.cpuUsage();
  const result = fn();
  const u = process.cpuUsage(start);
  return { seconds: (u.user + u.system) / 1e6, result };
}

export async function costFigure(n: number): Promise<{ parseSeconds: number; scoreSeconds: number; events: number }> {
  const hours = 48;
  const lines = syntheticLines(n, hours);
  const parser = createParserSet({ tenant: 'bench' });
  const parsed = cpuTimed(() => {
    const texts = lines.map((l) => l.line);
    return parser.parseBatch(texts, { tenant: 'bench', source: 'auth.log', now: T0 });
  });
  const events: Event[] = parsed.result.map((p, i) => ({
    id: `bench:${i}`,
    tenant: 'bench',
    source: 'auth.log',
    time: p?.time ?? lines[i]?.time ?? T0,
    ingested: lines[i]?.time ?? T0,
    raw: lines[i]?.line ?? '',
    parser: p?.parser ?? 'unparsed',
    fields: p?.fields ?? {},
  }));
  const config = anomalyConfig();
  const scored = cpuTimed(() => {
    const model = emptyModel('bench');
    let start = 0;
    while (start < events.length) {
      const w = windowOf(events[start]?.time ?? 0, config);
      let end = start;
      while (end < events.length && windowOf(events[end]?.time ?? 0, config) === w) end++;
      processWindow(model, w, events.slice(start, end), config);
      start = end;
    }
    return model;
  });
  return { parseSeconds: parsed.seconds, scoreSeconds: scored.seconds, events: events.length };
}
