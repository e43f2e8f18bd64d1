// OpenBSD doas: `USER ran command CMD as TARGET from DIR`, `failed auth for USER`,
// `failed command for USER: CMD`.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';

export const DOAS = 'doas';

function set(f: Fields, outcome: string): string {
  f[F.eventAction] = 'doas_command';
  f[F.eventOutcome] = outcome;
  f[F.eventCategory] = 'process';
  return DOAS;
}

export function parseDoasMessage(m: string, f: Fields): string | null {
  if (m.startsWith('failed auth for ')) {
    f[F.userName] = m.slice(16).trim();
    f[F.eventAction] = 'doas_auth';
    f[F.eventOutcome] = 'failure';
    f[F.eventCategory] = 'authentication';
    return DOAS;
  }
  if (m.startsWith('failed command for ')) {
    const colon = m.indexOf(': ', 19);
    f[F.userName] = m.slice(19, colon > 0 ? colon : undefined);
    if (colon > 0) f[F.processCommandLine] = m.slice(colon + 2);
    return set(f, 'failure');
  }
  const ran = m.indexOf(' ran command ');
  if (ran > 0) {
    f[F.userName] = m.slice(0, ran);
    const rest = m.slice(ran + 13);
    // `as TARGET: CMD` or `CMD as TARGET from DIR`
    if (rest.startsWith('as ')) {
      const colon = rest.indexOf(': ');
      f[F.userEffectiveName] = rest.slice(3, colon > 0 ? colon : undefined);
      if (colon > 0) f[F.processCommandLine] = rest.slice(colon + 2);
    } else {
      const as = rest.lastIndexOf(' as ');
      const from = rest.lastIndexOf(' from ');
      if (as > 0) {
        f[F.processCommandLine] = rest.slice(0, as);
        f[F.userEffectiveName] = rest.slice(as + 4, from > as ? from : undefined);
        if (from > as) f[F.processWorkingDirectory] = rest.slice(from + 6);
      } else f[F.processCommandLine] = rest;
    }
    return set(f, 'success');
  }
  return null;
}

export const doasParser: ProgramParser = {
  name: DOAS,
  programs: ['doas'],
  parseMessage: (message, fields) => parseDoasMessage(message, fields),
};
