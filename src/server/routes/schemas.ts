// Schemas shared by several route groups. They validate requests, type the handlers and
// become the OpenAPI document, so there is one description of each shape.
import { z } from 'zod';

export const ErrorBody = z.object({ error: z.string() });

/** A time bound: epoch milliseconds or an ISO 8601 date. */
export const TimeParam = z.string().transform((s, ctx) => {
  const t = /^-?\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(t)) {
    ctx.addIssue({ code: 'custom', message: `not a time: ${JSON.stringify(s)} (use epoch ms or ISO 8601)` });
    return z.NEVER;
  }
  return t;
});

export const Limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);

export const IdParam = z.object({ id: z.string().min(1).max(200) });
