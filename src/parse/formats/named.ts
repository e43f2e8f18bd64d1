// BIND named: client queries, denials and zone transfers (`client [@0x…] IP#port[ (name)]: …`).
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';
import { isIp, toInt } from './scan.ts';

export const NAMED = 'named';

export const namedParser: ProgramParser = {
  name: NAMED,
  programs: ['named'],
  parseMessage(m, f) {
    if (!m.startsWith('client ')) return null;
    let i = 7;
    if (m.startsWith('@0x', i)) i = m.indexOf(' ', i) + 1;
    const hash = m.indexOf('#', i);
    const colon = m.indexOf(': ', i);
    if (hash < 0 || colon < hash) return null;
    const ip = m.slice(i, hash);
    if (isIp(ip)) f[F.sourceIp] = ip;
    const portEnd = m.slice(hash + 1, colon).split(' ')[0] ?? '';
    const port = toInt(portEnd);
    if (port !== undefined) f[F.sourcePort] = port;
    const what = m.slice(colon + 2);
    const denied = what.includes('denied');
    f[F.eventAction] = what.startsWith('zone transfer') || what.includes('transfer of') ? 'dns_zone_transfer' : what.startsWith('query') ? 'dns_query' : 'dns_event';
    f[F.eventOutcome] = denied ? 'failure' : 'success';
    f[F.eventCategory] = 'network';
    return NAMED;
  },
};
