// Part of version 6 of the shared store: the server's correlation state (the in-process Sigma
// engine's open windows, src/detect/sigma/correlation-state.ts), one snapshot per tenant, as
// the embedded store's sigma_correlation_state. Beside the scale-out correlator's
// correlator_state (schema-correlator.ts), not in it: that one is per stream partition and
// carries a stream sequence, this one is per tenant and is saved every few seconds, not with
// each batch.
//
// `text`, not jsonb: jsonb reorders an object's keys, and the order of a correlation's groups
// is the order the oldest is evicted in (STATE_LIMITS). The text is JSON.stringify's, which
// escapes NUL and lone surrogates, so any snapshot is valid text.
// The table's tenant policy comes from schema.ts (a function, as schema.ts imports this file).
export const correlationStateSql = (tenantPolicy: (table: string) => string) => `
CREATE TABLE sigma_correlation_state (
  tenant text PRIMARY KEY,
  snapshot text NOT NULL,
  saved_at bigint NOT NULL,
  -- The process that saved it: a server finding another's save over its own warns (two
  -- servers of one tenant each see only their own events' windows).
  writer text NOT NULL
);
${tenantPolicy('sigma_correlation_state')}
`;
