// systemd and systemd-logind: unit start/stop/failure and login sessions. Any systemd message
// is named `systemd`; the known phrases also get an action and the unit as service.name.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';

export const SYSTEMD = 'systemd';

function set(f: Fields, action: string, outcome: string, category: string, unit?: string): string {
  f[F.eventAction] = action;
  f[F.eventOutcome] = outcome;
  f[F.eventCategory] = category;
  if (unit) f[F.serviceName] = unit;
  return SYSTEMD;
}

/** `Started Foo Service.` → `Foo Service`. */
function rest(m: string, i: number): string {
  let s = m.slice(i);
  if (s.endsWith('...')) s = s.slice(0, -3);
  else if (s.endsWith('.')) s = s.slice(0, -1);
  return s;
}

export function parseSystemdMessage(m: string, f: Fields): string {
  if (m.startsWith('Started ')) return set(f, 'service_started', 'success', 'process', rest(m, 8));
  if (m.startsWith('Starting ')) return set(f, 'service_starting', 'unknown', 'process', rest(m, 9));
  if (m.startsWith('Stopped ')) return set(f, 'service_stopped', 'success', 'process', rest(m, 8));
  if (m.startsWith('Stopping ')) return set(f, 'service_stopping', 'unknown', 'process', rest(m, 9));
  if (m.startsWith('Failed to start ')) return set(f, 'service_start_failed', 'failure', 'process', rest(m, 16));
  if (m.startsWith('New session ')) {
    const of = m.indexOf(' of user ');
    if (of > 0) f[F.userName] = rest(m, of + 9);
    f[F.sessionId] = m.slice(12, m.indexOf(' ', 12));
    return set(f, 'session_created', 'success', 'session');
  }
  if (m.startsWith('Removed session ')) {
    f[F.sessionId] = rest(m, 16);
    return set(f, 'session_removed', 'success', 'session');
  }
  if (m.startsWith('Time has been changed')) return set(f, 'time_changed', 'success', 'configuration');
  if (m.startsWith('Reloading')) return set(f, 'service_manager_reload', 'success', 'configuration');
  const colon = m.indexOf(': ');
  if (colon > 0) {
    const unit = m.slice(0, colon);
    if (unit.includes('.') && !unit.includes(' ')) {
      const tail = m.slice(colon + 2);
      if (tail.startsWith('Main process exited')) {
        f[F.serviceName] = unit;
        const ok = tail.includes('status=0/');
        return set(f, 'service_exited', ok ? 'success' : 'failure', 'process', unit);
      }
      if (tail.startsWith('Failed with result') || tail.startsWith('Failed ')) return set(f, 'service_failed', 'failure', 'process', unit);
    }
  }
  if (m.startsWith('Failed ')) return set(f, 'systemd_error', 'failure', 'process');
  return SYSTEMD;
}

export const systemdParser: ProgramParser = {
  name: SYSTEMD,
  programs: ['systemd', 'systemd-logind', 'init'],
  parseMessage: (message, fields) => parseSystemdMessage(message, fields),
};
