// Fixtures for the decider specs: command builders with plain defaults, and a `given` that
// builds a state by deciding and applying commands (failing loudly if setup is rejected).
import type {
  PendingEvent,
  PerDeviceMonthlyPlan,
  PerDeviceYearlyPlan,
  PerUserPlan,
  Plan,
  TallyEvent,
} from '../events/types.js';
import type { Command, ManualPurgeReason } from './commands.js';
import { decide } from './decide.js';
import { applyOrgEvent, initialOrgState, type OrgState } from './org-state.js';

export const ORG = 'acme';
export const T0 = '2026-01-05T10:00:00Z';
export const AT = '2026-03-01T12:00:00Z';

export const PER_USER: PerUserPlan = {
  model: 'per-user',
  annualPricePerLicense: '1000.00',
  initialLicenses: 3,
};
export const PER_DEVICE_MONTHLY: PerDeviceMonthlyPlan = {
  model: 'per-device',
  billing: 'monthly',
  monthlyPricePerDevice: '10.00',
};
export const PER_DEVICE_YEARLY: PerDeviceYearlyPlan = {
  model: 'per-device',
  billing: 'yearly',
  termYears: 1,
  annualPricePerDevice: '120.00',
  devices: 5,
};

export const register = (options: { coldStorage?: boolean; orgId?: string } = {}): Command => ({
  type: 'RegisterOrganization',
  orgId: options.orgId ?? ORG,
  at: T0,
  data: {
    name: 'Acme Corp',
    serialCode: 'SC-1',
    billingAccount: 'BA-1',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    coldStorage: options.coldStorage ?? true,
  },
});
export const start = (plan: Plan, startDate = '2026-01-15'): Command => ({
  type: 'StartSubscription',
  orgId: ORG,
  at: T0,
  data: { startDate, plan },
});
export const renew = (termStart: string, extra: Record<string, unknown> = {}): Command =>
  ({ type: 'RenewSubscription', orgId: ORG, at: AT, data: { termStart, ...extra } }) as Command;
export const cancel = (): Command => ({ type: 'CancelSubscription', orgId: ORG, at: AT, data: {} });
export const setCap = (cap: number | null): Command => ({
  type: 'SetLicenseCap',
  orgId: ORG,
  at: AT,
  data: { cap },
});
export const activate = (deviceId: string, userId: string): Command => ({
  type: 'ActivateDevice',
  orgId: ORG,
  at: AT,
  data: { deviceId, userId },
});
export const deactivate = (deviceId: string): Command => ({
  type: 'DeactivateDevice',
  orgId: ORG,
  at: AT,
  data: { deviceId },
});
export const reactivate = (deviceId: string): Command => ({
  type: 'ReactivateDevice',
  orgId: ORG,
  at: AT,
  data: { deviceId },
});
export const recordArchive = (archiveId: string, deviceId: string): Command => ({
  type: 'RecordArchive',
  orgId: ORG,
  at: AT,
  data: { archiveId, deviceId },
});
export const purge = (archiveId: string, reason: ManualPurgeReason = 'cold-storage-purge'): Command => ({
  type: 'PurgeArchive',
  orgId: ORG,
  at: AT,
  data: { archiveId, reason },
});
export const deactivateUser = (userId: string, reason: 'canceled' | 'ineligible' | 'admin'): Command => ({
  type: 'DeactivateUser',
  orgId: ORG,
  at: AT,
  data: { userId, reason },
});

/** A stored event from a pending one: the ledger's stamps, made deterministic. */
export function stamp(event: PendingEvent, index: number): TallyEvent {
  return { ...event, eventId: `e-${index}`, recordedAt: event.occurredAt } as TallyEvent;
}

/** The state after deciding and applying each command in turn, plus the stored log. */
export function given(commands: readonly Command[]): { state: OrgState; log: TallyEvent[] } {
  const state = initialOrgState();
  const log: TallyEvent[] = [];
  for (const command of commands) {
    const decision = decide(command, state);
    if (decision._tag === 'Left') {
      throw new Error(`setup command ${command.type} was rejected: ${decision.left.message}`);
    }
    for (const pending of decision.right) {
      const event = stamp(pending, log.length);
      log.push(event);
      applyOrgEvent(state, event);
    }
  }
  return { state, log };
}
