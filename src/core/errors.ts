// Errors that say where they came from: a file and line for configuration and rules,
// so a person can fix the input, and a kind so callers can count and report them.

export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
}

export class LocatedError extends Error {
  readonly location: SourceLocation;
  constructor(message: string, location: SourceLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LocatedError';
    this.location = location;
  }

  /** `file:line:column: message`, the form editors and CI logs link to. */
  override toString(): string {
    return `${formatLocation(this.location)}${this.message}`;
  }
}

export function formatLocation(loc: SourceLocation): string {
  if (!loc.file) return loc.line ? `line ${loc.line}: ` : '';
  return `${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.line && loc.column ? `:${loc.column}` : ''}: `;
}

/** The message of anything thrown, for reports that must not crash on odd throwables. */
export function errorMessage(err: unknown): string {
  if (err instanceof LocatedError) return err.toString();
  if (err instanceof Error) return err.message;
  return String(err);
}
