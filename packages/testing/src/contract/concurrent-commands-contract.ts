// Concurrency part of the store contract: command handlers that share nothing but the store race
// to activate devices in one organization. Optimistic concurrency must make the outcome the same
// as some serial order: never past the license cap or the device limit, and every accepted
// command's events in the stream exactly once.
import { randomUUID } from 'node:crypto';
import type { Command, Plan, TallyEvent } from '@tally/domain';
import {
  type CommandHandler,
  createCommandHandler,
  type EventStore,
  type HandledCommand,
  isCommandRejectedError,
  orgStreamName,
} from '@tally/ledger';
import { describe, expect, it } from 'vitest';
import { readAll } from './contract-events.js';

export interface ConcurrentCommandContractOptions {
  /** Independent handlers (as if in separate processes) sharing the store. */
  readonly handlers: number;
  readonly timeoutMs?: number;
}

interface Scenario {
  readonly label: string;
  readonly plan: Plan;
  readonly cap: number;
  readonly users: number;
  readonly devicesPerUser: number;
  /** What any serial order of the commands accepts. */
  readonly accepted: number;
}

const SCENARIOS: readonly Scenario[] = [
  {
    // Cap 3 license holders, 2 devices each: 3 users x 2 devices, whatever the order.
    label: 'per-user, cap 3 holders, 2 devices per user',
    plan: { model: 'per-user', annualPricePerLicense: '120.00', initialLicenses: 3, maxDevicesPerUser: 2 },
    cap: 3,
    users: 5,
    devicesPerUser: 4,
    accepted: 6,
  },
  {
    // Cap 5 billable devices, 2 per user: 5 devices however they fall on users.
    label: 'per-device, cap 5 devices, 2 devices per user',
    plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00', maxDevicesPerUser: 2 },
    cap: 5,
    users: 6,
    devicesPerUser: 3,
    accepted: 5,
  },
];

const REGISTERED_AT = '2026-01-01T00:00:00Z';
const ACTIVATED_AT = '2026-01-10T12:00:00Z';

function setupCommands(orgId: string, scenario: Scenario): Command[] {
  return [
    {
      type: 'RegisterOrganization',
      orgId,
      at: REGISTERED_AT,
      data: {
        name: `Contract ${orgId}`,
        serialCode: `SC-${orgId}`,
        billingAccount: `BA-${orgId}`,
        timeZone: 'America/Los_Angeles',
        currency: 'USD',
        coldStorage: true,
      },
    },
    {
      type: 'StartSubscription',
      orgId,
      at: REGISTERED_AT,
      data: { startDate: '2026-01-01', plan: scenario.plan },
    },
    { type: 'SetLicenseCap', orgId, at: REGISTERED_AT, data: { cap: scenario.cap } },
  ];
}

function activations(orgId: string, scenario: Scenario): Command[] {
  const commands: Command[] = [];
  for (let device = 0; device < scenario.devicesPerUser; device += 1) {
    for (let user = 0; user < scenario.users; user += 1) {
      commands.push({
        type: 'ActivateDevice',
        orgId,
        at: ACTIVATED_AT,
        data: { deviceId: `d-${user}-${device}`, userId: `u-${user}` },
      });
    }
  }
  return commands;
}

/** Active devices per user after the events (every event here is an activation). */
function activeDevicesByUser(events: readonly TallyEvent[]): Map<string, number> {
  const byUser = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'DeviceActivated') {
      byUser.set(event.data.userId, (byUser.get(event.data.userId) ?? 0) + 1);
    }
  }
  return byUser;
}

export function describeConcurrentCommandContract(
  store: () => EventStore,
  options: ConcurrentCommandContractOptions,
): void {
  describe('concurrent command handlers on one organization', () => {
    it.each(SCENARIOS)(
      '$label: never past the cap or the limit, no event lost or doubled',
      async (scenario) => {
        const orgId = `contract-${randomUUID()}`;
        // Every conflict means another command was appended, so retries beyond the number of
        // accepted commands are never needed: a ConcurrencyError here is a store bug.
        const maxRetries = scenario.accepted + 2;
        const handlers: CommandHandler[] = Array.from({ length: options.handlers }, () =>
          createCommandHandler({ store: store(), maxRetries }),
        );
        const setupHandler = handlers[0] as CommandHandler;
        let setupEvents = 0;
        for (const command of setupCommands(orgId, scenario)) {
          setupEvents += (await setupHandler.handle(command)).events.length;
        }

        const commands = activations(orgId, scenario);
        const outcomes = await Promise.allSettled(
          commands.map((command, i) => (handlers[i % handlers.length] as CommandHandler).handle(command)),
        );

        const handled: HandledCommand[] = [];
        for (const outcome of outcomes) {
          if (outcome.status === 'fulfilled') {
            handled.push(outcome.value);
          } else {
            expect(isCommandRejectedError(outcome.reason), String(outcome.reason)).toBe(true);
            expect(['LicenseCapReached', 'DeviceLimitReached']).toContain(outcome.reason.reason.code);
          }
        }
        expect(handled).toHaveLength(scenario.accepted);

        const stream = (await readAll(store(), orgStreamName(orgId))).map((record) => record.event);
        const acceptedEvents = handled.flatMap((result) => result.events);
        expect(stream).toHaveLength(setupEvents + acceptedEvents.length);
        const countById = new Map<string, number>();
        for (const event of stream) countById.set(event.eventId, (countById.get(event.eventId) ?? 0) + 1);
        for (const event of acceptedEvents) expect(countById.get(event.eventId)).toBe(1);

        const activated = stream.slice(setupEvents);
        const byUser = activeDevicesByUser(activated);
        const limit = scenario.plan.maxDevicesPerUser ?? Number.POSITIVE_INFINITY;
        for (const [userId, devices] of byUser) {
          expect(devices, `active devices of ${userId}`).toBeLessThanOrEqual(limit);
        }
        if (scenario.plan.model === 'per-user') {
          expect(byUser.size).toBeLessThanOrEqual(scenario.cap);
        } else {
          expect(activated.filter((event) => event.type === 'DeviceActivated').length).toBeLessThanOrEqual(
            scenario.cap,
          );
        }
      },
      options.timeoutMs,
    );
  });
}
