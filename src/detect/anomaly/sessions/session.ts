// Labelled session files in the ait-sequences layout: one session per line,
// `<session id>,<space-separated event ids>`. Event ids are opaque strings (template ids).
import { readFileSync } from 'node:fs';
import { LocatedError } from '../../../core/errors.ts';

export interface Session {
  id: string;
  events: string[];
}

/** Parses session text; a malformed line is an error naming file and line, never skipped silently. */
export function parseSessions(text: string, file?: string): Session[] {
  const sessions: Session[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    if (comma <= 0) {
      throw new LocatedError('expected `<session id>,<space-separated event ids>`', { file, line: i + 1 });
    }
    const events = line.slice(comma + 1).trim().split(/\s+/).filter((e) => e !== '');
    sessions.push({ id: line.slice(0, comma), events });
  }
  return sessions;
}

export function readSessions(file: string): Session[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LocatedError(`cannot read session file: ${(err as Error).message}`, { file }, { cause: err });
  }
  return parseSessions(text, file);
}
