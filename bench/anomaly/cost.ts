// Cost figure: scoring events through the anomaly windows against the parse stage's time
// for the same lines, both measured here in the same run. The lines are our own synthetic
// sshd syslog traffic (40 hosts, 200 users, 50,000 addresses, three kinds of line).
import type { Event } from '../../src/core/event.ts';
import { anomalyConfig } from '../../src/detect/anomaly/config.ts';
import { processWindow, windowOf } from '../../src/detect/anomaly/engine.ts';
import { emptyModel } from '../../src/detect/anomaly/model.ts';
import { seededRandom } from '../../src/core/random.ts';
import { createParserSet } from '../../src/parse/index.ts';

const T0 = Date.UTC(2026, 10, 1);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function syslogTime(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** `n` sshd lines spread evenly over `hours` hours, one array per hour, made as they are
 *  consumed (as a live feed delivers them). */
export function* syntheticHours(n: number, hours: number): Generator<{ line: string; time: number }[]> {
  const random = seededRandom(12345);
  const r = (k: number) => Math.floor(random() * k);
  let hour: { line: string; time: number }[] = [];
  let hourOf = 0;
  for (let i = 0; i < n; i++) {
    const time = T0 + Math.floor((i / n) * hours * 3_600_000);
    const h = Math.floor((time - T0) / 3_600_000);
    if (h !== hourOf && hour.length) {
      yield hour;
      hour = [];
    }
    hourOf = h;
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
    hour.push({ line: `${syslogTime(time)} ${host} sshd[${pid}]: ${msg}`, time });
  }
  if (hour.length) yield hour;
}

/** CPU seconds (user + system) of this process spent in `fn`: the machine is shared, so wall
 *  time would count other people's work. */
function cpuTimed<T>(fn: () => T): { seconds: number; result: T } {
  const start = process.cpuUsage();
  const result = fn();
  const u = process.cpuUsage(start);
  return { seconds: (u.user + u.system) / 1e6, result };
}

/**
 * Parses and scores the lines hour by hour, as the pipeline does (the runner reads one window
 * of events at a time): both stages then work with the same heap, the model plus one hour of
 * events. Holding all the events at once would charge the collector's marking of the whole
 * corpus to whichever stage allocates, which is not a cost either stage has in production.
 */
export async function costFigure(n: number): Promise<{ parseSeconds: number; scoreSeconds: number; events: number }> {
  const parser = createParserSet({ tenant: 'bench' });
  const config = anomalyConfig();
  const model = emptyModel('bench');
  let parseSeconds = 0;
  let scoreSeconds = 0;
  let count = 0;
  for (const lines of syntheticHours(n, 48)) {
    const parsed = cpuTimed(() => parser.parseBatch(lines.map((l) => l.line), { tenant: 'bench', source: 'auth.log', now: T0 }));
    parseSeconds += parsed.seconds;
    const events: Event[] = parsed.result.map((p, i) => ({
      id: `bench:${count + i}`,
      tenant: 'bench',
      source: 'auth.log',
      time: p?.time ?? lines[i]?.time ?? T0,
      ingested: lines[i]?.time ?? T0,
      raw: lines[i]?.line ?? '',
      parser: p?.parser ?? 'unparsed',
      fields: p?.fields ?? {},
    }));
    count += events.length;
    // Events of one synthetic hour fall in one window (the hour is the period).
    scoreSeconds += cpuTimed(() => processWindow(model, windowOf(events[0]?.time ?? T0, config), events, config)).seconds;
  }
  return { parseSeconds, scoreSeconds, events: count };
}
