// Part of version 6 of the shared store: the anomaly stage's state (its model, hourly reports
// and analysts' feedback), the rows the embedded store keeps in <dataDir>/anomaly.db
// (src/detect/anomaly/state/sqlite-state.ts), here beside the tenant's events so a server
// started elsewhere reads the same reports. Model and report are JSON text, read whole and
// never queried inside (the model is revived from its text: reviveModel).
// The tables' tenant policy comes from schema.ts (a function, as schema.ts imports this file).
export const anomalyStateSql = (tenantPolicy: (table: string) => string) => `
CREATE TABLE anomaly_model (
  tenant text PRIMARY KEY,
  model text NOT NULL,
  updated bigint NOT NULL
);
CREATE TABLE anomaly_report (
  tenant text NOT NULL,
  start bigint NOT NULL,
  report text NOT NULL,
  PRIMARY KEY (tenant, start)
);
CREATE TABLE anomaly_feedback (
  tenant text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  key text NOT NULL,
  at bigint NOT NULL,
  note text NOT NULL
);
CREATE INDEX anomaly_feedback_tenant ON anomaly_feedback (tenant, at, seq);
${['anomaly_model', 'anomaly_report', 'anomaly_feedback'].map(tenantPolicy).join('\n')}
`;
