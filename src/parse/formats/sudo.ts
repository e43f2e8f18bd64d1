// sudo's log line: `user : [reason ; ]TTY=… ; PWD=… ; USER=… ; COMMAND=…`. A reason segment
// (`3 incorrect password attempts`, `user NOT in sudoers`) means the command was refused.
import type { Fields } from '../../core/event.ts';
import { F } from '../../core/fields.ts';
import type { ProgramParser } from './program.ts';

export const SUDO = 'sudo';

export function parseSudoMessage(message: string, f: Fields): string | null {
  const sep = message.indexOf(' : ');
  if (sep < 0) return null;
  const user = message.slice(0, sep).trim();
  if (!user || user.includes(' ')) return null;
  f[F.userName] = user;
  let reason = '';
  let command = false;
  for (const seg of message.slice(sep + 3).split(' ; ')) {
    const eq = seg.indexOf('=');
    const key = eq > 0 ? seg.slice(0, eq) : '';
    if (key && key === key.toUpperCase() && !key.includes(' ')) {
      const v = seg.slice(eq + 1);
      if (key === 'COMMAND') {
        command = true;
        f[F.processCommandLine] = v;
        const sp = v.indexOf(' ');
        f[F.processExecutable] = sp > 0 ? v.slice(0, sp) : v;
      } else if (key === 'USER') f[F.userEffectiveName] = v;
      else if (key === 'PWD') f[F.processWorkingDirectory] = v;
      else if (key === 'TTY') f[F.processTtyName] = v;
      else f[`sudo.${key.toLowerCase()}`] = v;
    } else if (seg.trim()) reason = seg.trim();
  }
  if (!command && !reason) return null;
  f[F.eventAction] = 'sudo_command';
  f[F.eventCategory] = 'process';
  if (reason) {
    f[F.eventReason] = reason;
    f[F.eventOutcome] = 'failure';
  } else f[F.eventOutcome] = 'success';
  return SUDO;
}

export const sudoParser: ProgramParser = {
  name: SUDO,
  programs: ['sudo'],
  parseMessage: (message, fields) => parseSudoMessage(message, fields),
};
