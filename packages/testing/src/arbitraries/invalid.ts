// Invalid input, each paired with what is wrong with it:
// - arbWrongFieldEvent: a well-formed event object with ONE field holding a value its codec
//   refuses (a cap of 0, an unknown purge reason, a lower-case currency, ...), and the field path;
// - arbInconsistentLog: a valid generated log with ONE event inserted that the history cannot
//   contain (an unknown device, a second registration, a purge of a purged archive, ...), with its
//   index and the field `replayChecked` must name.
import {
  addMonthsClamped,
  applyOrgEvent,
  entityRecords,
  initialOrgState,
  instantToEpochMs,
  type OrgState,
  type TallyEvent,
  type TallyEventType,
} from '@tally/domain';
import fc from 'fast-check';
import { arbEventLog, type EventLogOptions, type GeneratedEventLog } from './event-log.js';
import {
  arbArchivePurged,
  arbDeviceActivated,
  arbLicenseCapSet,
  arbOrganizationRegistered,
  arbSubscriptionRenewed,
  arbSubscriptionStarted,
  arbUserDeactivated,
} from './events.js';

type Json = Record<string, unknown>;

export interface WrongFieldEvent {
  /** The event as wire JSON, wrong in exactly one field. */
  readonly event: Json;
  readonly type: TallyEventType;
  /** The field a decoder must name, as it names it (`data.cap`, `data.plan.model`). */
  readonly path: string;
  readonly value: unknown;
  /** What is wrong, for a person reading a counterexample. */
  readonly what: string;
}

function setPath(json: Json, path: readonly string[], value: unknown): Json {
  const [head, ...rest] = path;
  if (head === undefined) return json;
  return { ...json, [head]: rest.length === 0 ? value : setPath(json[head] as Json, rest, value) };
}

function wrongField<E extends TallyEvent>(
  base: fc.Arbitrary<E>,
  path: string,
  values: readonly unknown[],
  why: string,
  applies: (event: E) => boolean = () => true,
): fc.Arbitrary<WrongFieldEvent> {
  return fc.tuple(base.filter(applies), fc.constantFrom(...values)).map(([event, value]) => ({
    event: setPath(JSON.parse(JSON.stringify(event)) as Json, path.split('.'), value),
    type: event.type,
    path,
    value,
    what: `${path} is ${JSON.stringify(value)}: ${why}`,
  }));
}

const WRONG_FIELDS: readonly fc.Arbitrary<WrongFieldEvent>[] = [
  wrongField(arbLicenseCapSet(), 'data.cap', [0, -1, 1.5, '3'], 'a cap is a positive integer or null'),
  wrongField(arbArchivePurged(), 'data.reason', ['deleted', 'Canceled', ''], 'not a purge reason'),
  wrongField(arbUserDeactivated(), 'data.reason', ['fired', 'ADMIN'], 'not a user deactivation reason'),
  wrongField(arbOrganizationRegistered(), 'data.currency', ['usd', 'ZZZ', 'US'], 'not an ISO 4217 code'),
  wrongField(arbOrganizationRegistered(), 'data.coldStorage', ['yes', 1, null], 'coldStorage is a boolean'),
  wrongField(arbOrganizationRegistered(), 'data.rounding', ['down', 'HALF_UP'], 'not a rounding mode'),
  wrongField(
    arbSubscriptionStarted(),
    'data.tallyLeadHours',
    [-1, 1.5, '48'],
    'a lead is a whole number of hours',
  ),
  wrongField(arbSubscriptionRenewed(), 'data.termYears', [0, 3, '1'], 'a term is 1 or 2 years'),
  wrongField(arbDeviceActivated(), 'data.deviceId', ['', 42], 'a device id is a non-empty string'),
  wrongField(arbDeviceActivated(), 'eventId', [''], 'an event id is a non-empty string'),
  wrongField(arbDeviceActivated(), 'orgId', ['', null], 'an organization id is a non-empty string'),
];

/** An event object wrong in exactly one field, with the field's path. */
export function arbWrongFieldEvent(): fc.Arbitrary<WrongFieldEvent> {
  return fc.oneof(...WRONG_FIELDS);
}

export type InconsistencyKind =
  | 'unknown-device'
  | 'second-registration'
  | 'second-subscription'
  | 'purge-purged-archive'
  | 'unknown-archive'
  | 'deactivate-inactive-device'
  | 'reactivate-active-device'
  | 'activate-existing-device'
  | 'archive-on-inactive-device'
  | 'duplicate-archive'
  | 'unknown-user'
  | 'foreign-org'
  | 'duplicate-event-id'
  | 'renewal-wrong-term'
  | 'second-cancellation';

export interface InconsistentLog {
  /** The log with the bad event inserted. */
  readonly events: TallyEvent[];
  readonly kind: InconsistencyKind;
  /** 0-based index of the bad event: every event before it is consistent. */
  readonly index: number;
  readonly eventId: string;
  /** The field `replayChecked` names (`data.deviceId`, `type`, `orgId`, `eventId`). */
  readonly field: string;
  readonly description: string;
  /** The valid log it was made from. */
  readonly valid: GeneratedEventLog;
}

interface Injection {
  readonly type: TallyEventType;
  readonly data: unknown;
  readonly field: string;
  readonly description: string;
  readonly orgId?: string;
  /** Reuse this eventId (duplicate-event-id). */
  readonly eventId?: string;
}

/** The kinds in the order a preference falls back through: unknown-device always applies. */
export const INCONSISTENCY_KINDS: readonly InconsistencyKind[] = [
  'unknown-device',
  'second-registration',
  'second-subscription',
  'purge-purged-archive',
  'unknown-archive',
  'deactivate-inactive-device',
  'reactivate-active-device',
  'activate-existing-device',
  'archive-on-inactive-device',
  'duplicate-archive',
  'unknown-user',
  'foreign-org',
  'duplicate-event-id',
  'renewal-wrong-term',
  'second-cancellation',
];

const idsWhere = <V>(map: ReadonlyMap<string, V>, keep: (value: V) => boolean): string[] =>
  [...map]
    .filter(([, value]) => keep(value))
    .map(([id]) => id)
    .sort();

/** The bad event of `kind` for a log whose first `prefix.length` events gave `state`, or
 * undefined when the state offers nothing to break that way. */
function inject(
  kind: InconsistencyKind,
  state: OrgState,
  prefix: readonly TallyEvent[],
  pick: number,
): Injection | undefined {
  const { devices, archives } = entityRecords(state.entities);
  const choose = (ids: readonly string[]) => ids[pick % Math.max(1, ids.length)];
  switch (kind) {
    case 'unknown-device':
      return {
        type: 'DeviceDeactivated',
        data: { deviceId: 'd-unknown' },
        field: 'data.deviceId',
        description: 'DeviceDeactivated of d-unknown, a device that was never activated',
      };
    case 'second-registration': {
      const first = prefix[0];
      if (first?.type !== 'OrganizationRegistered') return undefined;
      return {
        type: first.type,
        data: first.data,
        field: 'type',
        description: `a second OrganizationRegistered for ${first.orgId}`,
      };
    }
    case 'second-subscription': {
      const started = prefix.find((event) => event.type === 'SubscriptionStarted');
      if (started === undefined) return undefined;
      return {
        type: started.type,
        data: started.data,
        field: 'type',
        description: 'a second SubscriptionStarted',
      };
    }
    case 'purge-purged-archive': {
      const archiveId = choose(idsWhere(archives, (a) => !a.retained));
      if (archiveId === undefined) return undefined;
      return {
        type: 'ArchivePurged',
        data: { archiveId, reason: 'cold-storage-purge' },
        field: 'data.archiveId',
        description: `ArchivePurged of ${archiveId}, which is already purged`,
      };
    }
    case 'unknown-archive':
      return {
        type: 'ArchivePurged',
        data: { archiveId: 'a-unknown', reason: 'retention-expired' },
        field: 'data.archiveId',
        description: 'ArchivePurged of a-unknown, an archive that was never created',
      };
    case 'deactivate-inactive-device': {
      const deviceId = choose(idsWhere(devices, (d) => !d.active));
      if (deviceId === undefined) return undefined;
      return {
        type: 'DeviceDeactivated',
        data: { deviceId },
        field: 'data.deviceId',
        description: `DeviceDeactivated of ${deviceId}, which is already deactivated`,
      };
    }
    case 'reactivate-active-device': {
      const deviceId = choose(idsWhere(devices, (d) => d.active));
      if (deviceId === undefined) return undefined;
      return {
        type: 'DeviceReactivated',
        data: { deviceId },
        field: 'data.deviceId',
        description: `DeviceReactivated of ${deviceId}, which is active`,
      };
    }
    case 'activate-existing-device': {
      const deviceId = choose(idsWhere(devices, () => true));
      const device = deviceId === undefined ? undefined : devices.get(deviceId);
      if (deviceId === undefined || device === undefined) return undefined;
      return {
        type: 'DeviceActivated',
        data: { deviceId, userId: device.userId },
        field: 'data.deviceId',
        description: `DeviceActivated of ${deviceId}, which already exists (${device.active ? 'active' : 'deactivated'})`,
      };
    }
    case 'archive-on-inactive-device': {
      const deviceId = choose(idsWhere(devices, (d) => !d.active));
      if (deviceId === undefined) return undefined;
      return {
        type: 'ArchiveCreated',
        data: { archiveId: 'a-new', deviceId },
        field: 'data.deviceId',
        description: `ArchiveCreated on ${deviceId}, which is deactivated`,
      };
    }
    case 'duplicate-archive': {
      const archiveId = choose(idsWhere(archives, () => true));
      const deviceId = archiveId === undefined ? undefined : archives.get(archiveId)?.deviceId;
      if (archiveId === undefined || deviceId === undefined) return undefined;
      return {
        type: 'ArchiveCreated',
        data: { archiveId, deviceId },
        field: 'data.archiveId',
        description: `ArchiveCreated of ${archiveId}, which was already created`,
      };
    }
    case 'unknown-user':
      return {
        type: 'UserDeactivated',
        data: { userId: 'u-unknown', reason: 'admin' },
        field: 'data.userId',
        description: 'UserDeactivated of u-unknown, a user who never had a device',
      };
    case 'foreign-org':
      return {
        type: 'DeviceActivated',
        data: { deviceId: 'd-foreign', userId: 'u-foreign' },
        orgId: `not-${state.registration?.orgId ?? 'this-org'}`,
        field: 'orgId',
        description: 'an event of another organization in this log',
      };
    case 'duplicate-event-id': {
      const earlier = prefix[pick % prefix.length];
      if (earlier === undefined) return undefined;
      return {
        type: 'DeviceActivated',
        data: { deviceId: 'd-duplicate-id', userId: 'u-1' },
        eventId: earlier.eventId,
        field: 'eventId',
        description: `a new event reusing eventId ${earlier.eventId}`,
      };
    }
    case 'renewal-wrong-term': {
      const subscription = state.subscription;
      if (subscription?.termEnd == null || subscription.canceledAt !== null) return undefined;
      const termStart = addMonthsClamped(subscription.termEnd, 1);
      return {
        type: 'SubscriptionRenewed',
        data: { termStart },
        field: 'data.termStart',
        description: `SubscriptionRenewed from ${termStart} but the term ends ${subscription.termEnd}`,
      };
    }
    case 'second-cancellation':
      if (state.subscription?.canceledAt == null) return undefined;
      return {
        type: 'SubscriptionCanceled',
        data: {},
        field: 'type',
        description: `SubscriptionCanceled again (already canceled at ${state.subscription.canceledAt})`,
      };
  }
}

export interface InconsistentLogOptions extends EventLogOptions {
  /** Only these kinds (a kind the log cannot offer falls back to unknown-device). */
  readonly kinds?: readonly InconsistencyKind[];
}

const latestOccurredAt = (events: readonly TallyEvent[]): string =>
  events.reduce((latest, event) =>
    instantToEpochMs(event.occurredAt) > instantToEpochMs(latest.occurredAt) ? event : latest,
  ).occurredAt;

/** A valid generated log with one inconsistent event inserted; see `InconsistentLog`. */
export function arbInconsistentLog(options: InconsistentLogOptions = {}): fc.Arbitrary<InconsistentLog> {
  const kinds = options.kinds ?? INCONSISTENCY_KINDS;
  if (kinds.length === 0) throw new RangeError('arbInconsistentLog: kinds must name at least one kind');
  return fc
    .tuple(arbEventLog(options), fc.constantFrom(...kinds), fc.nat(), fc.nat())
    .map(([valid, preferred, position, pick]) => {
      const { events } = valid;
      // After the registration and the subscription start, anywhere up to the end.
      const index = 2 + (position % (events.length - 1));
      const prefix = events.slice(0, index);
      const state = initialOrgState();
      for (const event of prefix) applyOrgEvent(state, event);
      const chosen = inject(preferred, state, prefix, pick);
      const kind = chosen === undefined ? 'unknown-device' : preferred;
      const injection = chosen ?? (inject('unknown-device', state, prefix, pick) as Injection);
      const previous = prefix[prefix.length - 1] as TallyEvent;
      const bad = {
        type: injection.type,
        eventId: injection.eventId ?? `${valid.orgId}-bad`,
        orgId: injection.orgId ?? valid.orgId,
        // At the latest instant of the prefix: a backdated copy of `previous.occurredAt` would be
        // checked against the timeline at that earlier instant, where the state (taken here in
        // stream order) may differ and the event may well be consistent.
        occurredAt: latestOccurredAt(prefix),
        recordedAt: previous.recordedAt,
        data: injection.data,
      } as TallyEvent;
      return {
        events: [...prefix, bad, ...events.slice(index)],
        kind,
        index,
        eventId: bad.eventId,
        field: injection.field,
        description: `event ${index} (${bad.type}, ${bad.eventId}): ${injection.description}`,
        valid,
      };
    });
}
