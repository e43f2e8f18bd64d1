// Alerts as the console sees them: the Sigma engine's stored alerts joined with their triage
// state (status, assignee, reason), both through the engine-neutral Store (its console
// queries, store/console.ts), so the desk works on either store. Every query and change is
// scoped by tenant in the store's own statements.
import type { Alert } from '../detect/sigma/alert.ts';
import type { AlertListQuery, AlertStatus, Triage, TriagedAlert } from '../store/console.ts';
import type { Store } from '../store/store.ts';

export type { AlertStatus, Triage, TriagedAlert } from '../store/console.ts';

export const TRIAGE_ACTIONS = ['acknowledge', 'assign', 'close', 'false-positive', 'reopen'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

export interface AlertDesk {
  list(q: AlertListQuery): Promise<TriagedAlert[]>;
  get(tenant: string, id: string): Promise<TriagedAlert | undefined>;
  triage(tenant: string, id: string, change: { action: TriageAction; assignee?: string; reason?: string; by: string }): Promise<TriagedAlert | undefined>;
  /** The tenant's alerts for the attack graph's overlay (which reads their tactics, host and
   *  account: analyses/place-alerts.ts), oldest first; alerts marked false positive are left out. */
  placements(tenant: string): Promise<Alert[]>;
  /** The tenant's alerts stored since `cursor` (for the live stream), oldest first. */
  newSince(tenant: string, cursor: number): Promise<{ cursor: number; alerts: Alert[] }>;
  /** The cursor of the tenant's newest alert stored now. */
  latest(tenant: string): Promise<number>;
}

const STATUS_OF: Record<TriageAction, AlertStatus | undefined> = {
  acknowledge: 'acknowledged', assign: undefined, close: 'closed', 'false-positive': 'false-positive', reopen: 'new',
};

/** What an action makes of the current triage: the rules of the desk, the same on every store. */
export function applyTriage(t: Triage, change: { action: TriageAction; assignee?: string; reason?: string }): Pick<Triage, 'status' | 'assignee' | 'reason'> {
  return {
    status: STATUS_OF[change.action] ?? t.status,
    assignee: change.action === 'assign' ? (change.assignee ?? null) : t.assignee,
    reason: change.reason ?? (change.action === 'reopen' ? null : t.reason),
  };
}

export function alertDesk(store: Store): AlertDesk {
  return {
    list: (q) => store.listTriagedAlerts(q),
    get: (tenant, id) => store.getTriagedAlert(tenant, id),
    placements: (tenant) => store.alertPlacements(tenant),
    async triage(tenant, id, change) {
      const current = await store.getTriagedAlert(tenant, id);
      if (!current) return undefined;
      const next = { ...applyTriage(current.triage, change), updated: Date.now(), by: change.by };
      if (!(await store.saveTriage(tenant, id, next))) return undefined;
      return { ...current, triage: next };
    },
    newSince: (tenant, cursor) => store.alertsSince(tenant, cursor),
    latest: (tenant) => store.latestAlertCursor(tenant),
  };
}
