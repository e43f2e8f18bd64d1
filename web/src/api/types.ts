// The shapes the console reads from the API, as the server's zod schemas declare them
// (src/server/routes/*.ts and the console contract). Fields the console does not use are left out.

export type Role = 'admin' | 'analyst' | 'ingest' | 'global';
export interface WhoAmI { tenant: string | null; role: Role; tokenId: string }

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Overview {
  span: { from: number; to: number };
  alertsBySeverity: ({ hour: string } & Record<Severity, number>)[];
  topEntities: { field: string; value: string; alerts: number }[];
  ingestBySource: { source: string; events: number; perHour: { hour: string; n: number }[] }[];
  parseCoverage: { known: number; learned: number; unparsed: number; byParser: { parser: string; n: number }[] };
}

export const ALERT_STATUSES = ['new', 'acknowledged', 'closed', 'false-positive'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertRule {
  id: string; title: string; level: string; status?: string; author?: string; description?: string;
  tags: string[]; references: string[]; layer?: string;
}
export type EventRecord = Record<string, unknown>;
export interface Alert {
  id: string; tenant: string; time: number; kind: 'rule' | 'correlation';
  rule: AlertRule;
  input: { line?: number; lines?: number[]; source?: string };
  group?: Record<string, string>;
  correlation?: { type: string; value: number; timespanMs: number };
  events: EventRecord[];
  repeats: number;
  triage: { status: AlertStatus; assignee: string | null; reason: string | null; updated: number | null; by: string | null };
}
/** A stored event as the detail shows it: its raw line kept as read. */
export interface EventLine { id: string; time: number; source: string; parser: string; raw: string; fields: EventRecord }
export interface AlertDetail extends Alert {
  /** The events the rule matched (a correlation's: its group's events in its timespan). */
  matchedEvents: EventLine[];
  /** Events of the same entity within ±15 minutes. */
  related: (EventLine & { entity: { field: string; value: string } })[];
}
/** A triage answer; a false positive also names the L1 filter it wrote. */
export interface Triaged extends Alert { filter?: { id: string; rules: string[]; selection: EventRecord } | null }
export type TriageAction = 'acknowledge' | 'assign' | 'close' | 'false-positive' | 'reopen';

export interface ReportSummary { hour: string; findings: number; topScore: number; topEntity: string | null }
export type Band = 'low' | 'medium' | 'high' | 'critical';
export interface EntityRef { type: string; value: string }
export interface ReportFinding {
  detector: string; kind: string; entity: EntityRef; score: number; band: Band; reason: string;
  expected?: number; actual?: number; template?: string; samples: string[]; key: string;
}
export interface HourlyReport {
  tenant: string; start: number; end: number; periodMinutes: number; generatedAt: number; warmingUp: boolean;
  events: number; expectedEvents: number;
  topEntities: { entity: EntityRef; score: number; band: Band; findings: ReportFinding[] }[];
  newTemplates: ReportFinding[]; rateSpikes: ReportFinding[]; silences: ReportFinding[];
  l1: { total: number; rules: { rule: string; level?: string; count: number }[] };
  suppressed: number;
  chart: { start: number; actual: number; baseline: number }[];
}

export interface Template {
  templateId: string; template: string; count: number; example: string;
  params: { name: string; type: string; value: string }[];
  firstSeen: number; lastSeen: number; program?: string;
}

export interface RuleRow { id: string; title: string; kind: 'rule' | 'correlation'; level: string | null; author: string | null; tags: string[]; layer: string }
export interface RuleList { rules: RuleRow[]; disabled: string[]; errors: string[] }
export interface Validation { ok: boolean; ids: string[]; errors: { line: number | null; reason: string }[] }

export type NodeKind = 'AND' | 'OR' | 'LEAF';
export interface GraphNode {
  id: string; kind: NodeKind; label: string; host: string | null;
  goal: boolean; onGoalPath: boolean; attacker: boolean; next: number | null;
}
export interface GraphEdge { source: string; target: string; onGoalPath: boolean }
export interface AttackerPosition { nodeId: string; host: string; privilege: string; alertIds: string[] }
export interface NextStep { nodeId: string; label: string; probability: number; rank: number }
export interface AttackGraph {
  nodes: GraphNode[]; edges: GraphEdge[]; goals: string[];
  attacker: { positions: AttackerPosition[]; nextSteps: NextStep[] };
}
export interface GraphNodeDetail {
  id: string; kind: NodeKind; label: string; fact: string; host: string | null;
  cves: { id: string; cvss: number | null; summary: string | null }[];
  derivedBy: string[]; enables: string[];
}

export interface HardenFix { id: string; kind: string; description: string; cost: number; removeFacts: string[] }
/** GET /api/v1/attack-graph/harden: the cheapest fix set cutting every path to the goals. */
export interface HardenAdvice {
  goals: string[]; fixes: HardenFix[]; totalCost: number; optimal: boolean; lowerBound: number; uncuttable: string[];
  verification: { reevaluated: boolean; goalsStillReachable: string[] };
}
/** POST /api/v1/attack-graph/what-if: the graph re-evaluated with fixes applied and facts removed. */
export interface WhatIfDiff {
  fixes: string[]; lost: string[]; gained: string[]; goalsBefore: string[]; goalsAfter: string[]; andsBefore: number; andsAfter: number;
}
