// Contract of the parsers that read the message part of a syslog line for one program
// (sshd, sudo, …). The syslog parser reads the header once, then hands the message to the
// program's parsers; each adds its fields to the event the header started.
import type { Fields } from '../../core/event.ts';

export interface ProgramParser {
  /** Parser name reported on the event, and the id a layer overrides or disables. */
  readonly name: string;
  /** Syslog program names (the tag before `[pid]:`) this parser reads; `*` means every program,
   *  tried after the program-specific ones (for message shapes such as `pam_unix(…)`). */
  readonly programs: readonly string[];
  /** Adds what the message says to `fields`. Returns the parser name to report (a parser may
   *  report a more specific one, e.g. sshd handing a `pam_unix(…)` message to `pam`), or null
   *  when the message is not one it reads, so the next parser is tried. */
  parseMessage(message: string, fields: Fields, program: string): string | null;
}
