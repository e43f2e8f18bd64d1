// The built-in parser library: every format parser, listed once. Line parsers read a whole line;
// program parsers read the message of a syslog line from their program(s). Their names are ids
// in the global layer, so a tenant definition with the same name replaces one, and a layer's
// `disabled` list switches one off.
import type { LineParser } from './types.ts';
import type { ProgramParser } from './formats/program.ts';
import { accessLogParser, accessLogProgramParser } from './formats/access-log.ts';
import { apacheErrorParser } from './formats/apache-error.ts';
import { auditdParser } from './formats/auditd.ts';
import { cefParser, cefProgramParser } from './formats/cef.ts';
import { doasParser } from './formats/doas.ts';
import { dropbearParser } from './formats/dropbear.ts';
import { ftpdParser } from './formats/ftpd.ts';
import { iisParser } from './formats/iis.ts';
import { createJsonLinesParser, type JsonFieldMap } from './formats/json-lines.ts';
import { kernelParser } from './formats/kernel.ts';
import { kvParser } from './formats/kv.ts';
import { leefParser, leefProgramParser } from './formats/leef.ts';
import { namedParser } from './formats/named.ts';
import { nginxErrorParser } from './formats/nginx-error.ts';
import { pamParser } from './formats/pam.ts';
import { postfixParser } from './formats/postfix.ts';
import { proftpdParser } from './formats/proftpd.ts';
import { squidParser } from './formats/squid.ts';
import { sshdParser } from './formats/sshd.ts';
import { suParser } from './formats/su.ts';
import { sudoParser } from './formats/sudo.ts';
import { SYSLOG } from './formats/syslog.ts';
import { systemdParser } from './formats/systemd.ts';
import { vsftpdLineParser, vsftpdProgramParser } from './formats/vsftpd.ts';

/** Program parsers in the order they are tried for a program (and for `*`). */
export const BUILTIN_PROGRAM_PARSERS: readonly ProgramParser[] = [
  sshdParser,
  sudoParser,
  suParser,
  pamParser,
  systemdParser,
  kernelParser,
  doasParser,
  dropbearParser,
  namedParser,
  postfixParser,
  proftpdParser,
  ftpdParser,
  vsftpdProgramParser,
  accessLogProgramParser,
  cefProgramParser,
  leefProgramParser,
];

export interface BuiltinOptions {
  /** Source path → field mapping of the generic JSON-lines parser. */
  jsonFieldMap?: JsonFieldMap;
}

/** Line parsers other than syslog (which the parser set builds around the program table). */
export function builtinLineParsers(options: BuiltinOptions = {}): LineParser[] {
  return [
    createJsonLinesParser(options.jsonFieldMap),
    auditdParser,
    cefParser,
    leefParser,
    accessLogParser,
    apacheErrorParser,
    nginxErrorParser,
    iisParser,
    squidParser,
    vsftpdLineParser,
    kvParser,
  ];
}

/** Names of all built-in parsers (line, syslog and program), as the global layer defines them. */
export function builtinParserNames(): string[] {
  return [SYSLOG, ...builtinLineParsers().map((p) => p.name), ...BUILTIN_PROGRAM_PARSERS.map((p) => p.name)];
}
