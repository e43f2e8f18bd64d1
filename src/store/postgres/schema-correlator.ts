// Version 4 of the shared store: the scale-out correlator's state. One row per (tenant,
// partition of the correlation stream): the correlation windows, the reorder buffer and the
// inputs still to hand to other partitions, with the last stream sequence they include. The
// correlator writes it in the transaction that stores the alerts it raised, so after a crash
// the row and the alerts agree, and messages at or below `last_seq` are skipped.
// The table's tenant policy comes from schema.ts (a function, as schema.ts imports this file).
export const correlatorStateSql = (tenantPolicy: (table: string) => string) => `
CREATE TABLE correlator_state (
  tenant text NOT NULL,
  partition integer NOT NULL,
  last_seq bigint NOT NULL,
  state jsonb NOT NULL,
  updated bigint NOT NULL,
  PRIMARY KEY (tenant, partition)
);
${tenantPolicy('correlator_state')}
`;
