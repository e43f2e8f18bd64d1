// MulVAL input files (`.P`): Prolog facts and rules such as `hacl(webServer, _, _, _).` or
// `hacl(X, Y, _, _) :- inSubnet(X, S), inSubnet(Y, S).`, read as they are so MulVAL users
// can move over without converting anything.
import { readFileSync } from 'node:fs';
import { parseDatalog } from '../datalog/parse.ts';
import type { Clause } from '../datalog/program.ts';

export function readMulvalInput(file: string): Clause[] {
  const parsed = parseDatalog(readFileSync(file, 'utf8'), file);
  // MulVAL inputs carry no directives we act on; ignore them like MulVAL's loader does.
  return parsed.clauses;
}
