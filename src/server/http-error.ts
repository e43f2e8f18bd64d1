// An error that carries its HTTP status, so routes throw and one error handler answers.
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}
