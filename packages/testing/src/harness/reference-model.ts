// A deliberately naive reference model of one organization, sharing no code with the decider:
// plain maps and sets, counts recomputed from scratch, and docs/counting.md and docs/commands.md written
// out again. The model-based harness predicts each command's answer with it.
import type { Command, DecisionErrorCode, Plan } from '@tally/domain';

export interface ModelDevice {
  readonly userId: string;
  active: boolean;
}

export interface ModelArchive {
  readonly deviceId: string;
  retained: boolean;
}

export interface LedgerModel {
  readonly orgId: string;
  readonly coldStorage: boolean;
  readonly plan: Plan;
  cap: number | null;
  canceled: boolean;
  readonly devices: Map<string, ModelDevice>;
  readonly archives: Map<string, ModelArchive>;
  /** Users whose latest user-level fact is a deactivation (a new device clears it). */
  readonly deactivatedUsers: Set<string>;
  /** Events the stream should hold. */
  eventCount: number;
}

export interface ModelCounts {
  readonly activeDevices: number;
  readonly billableDevices: number;
  readonly licensesInUse: number;
  readonly licenseHolders: number;
}

/** What the model expects a command to give: events (type and data) or a rejection code. */
export type Prediction =
  | { readonly events: readonly { readonly type: string; readonly data: unknown }[] }
  | { readonly rejected: DecisionErrorCode };

export function createLedgerModel(orgId: string, plan: Plan, coldStorage: boolean): LedgerModel {
  return {
    orgId,
    coldStorage,
    plan,
    cap: null,
    canceled: false,
    devices: new Map(),
    archives: new Map(),
    deactivatedUsers: new Set(),
    eventCount: 2,
  };
}

const retainedOf = (model: LedgerModel, deviceId: string) =>
  [...model.archives].filter(([, a]) => a.deviceId === deviceId && a.retained).map(([id]) => id);
const devicesOf = (model: LedgerModel, userId: string) =>
  [...model.devices].filter(([, d]) => d.userId === userId).map(([id]) => id);

export function countsOfModel(model: LedgerModel): ModelCounts {
  const devices = [...model.devices];
  const billable = devices.filter(([id, d]) => d.active || retainedOf(model, id).length > 0);
  const users = new Set(devices.map(([, d]) => d.userId));
  const inUse = [...users].filter((u) => devicesOf(model, u).some((d) => retainedOf(model, d).length > 0));
  const holders = [...users].filter((u) =>
    devicesOf(model, u).some((d) => model.devices.get(d)?.active === true || retainedOf(model, d).length > 0),
  );
  return {
    activeDevices: devices.filter(([, d]) => d.active).length,
    billableDevices: billable.length,
    licensesInUse: inUse.length,
    licenseHolders: holders.length,
  };
}

function deviceLimit(model: LedgerModel): number | null {
  return model.plan.maxDevicesPerUser ?? (model.plan.model === 'per-user' ? 4 : null);
}

const activeCount = (model: LedgerModel, userId: string) =>
  devicesOf(model, userId).filter((d) => model.devices.get(d)?.active === true).length;

const isHolder = (model: LedgerModel, userId: string) =>
  devicesOf(model, userId).some(
    (d) => model.devices.get(d)?.active === true || retainedOf(model, d).length > 0,
  );

/** The rejection a (re)activation meets, if any: device limit, then the cap. */
function activationProblem(
  model: LedgerModel,
  deviceId: string,
  userId: string,
): DecisionErrorCode | undefined {
  const limit = deviceLimit(model);
  if (limit !== null && activeCount(model, userId) >= limit) return 'DeviceLimitReached';
  if (model.cap === null) return undefined;
  const counts = countsOfModel(model);
  if (model.plan.model === 'per-user') {
    return !isHolder(model, userId) && counts.licenseHolders >= model.cap ? 'LicenseCapReached' : undefined;
  }
  const device = model.devices.get(deviceId);
  const billable = device !== undefined && (device.active || retainedOf(model, deviceId).length > 0);
  return !billable && counts.billableDevices >= model.cap ? 'LicenseCapReached' : undefined;
}

const sorted = (ids: string[]) => ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const purges = (archiveIds: string[], reason: string) =>
  sorted(archiveIds).map((archiveId) => ({ type: 'ArchivePurged', data: { archiveId, reason } }));

/** The model's answer to a command (the commands the harness sends: no registration). */
export function predict(model: LedgerModel, command: Command): Prediction {
  const reject = (code: DecisionErrorCode): Prediction => ({ rejected: code });
  switch (command.type) {
    case 'ActivateDevice': {
      const { deviceId, userId } = command.data;
      const device = model.devices.get(deviceId);
      if (device !== undefined) return reject(device.active ? 'DeviceAlreadyActive' : 'DeviceAlreadyExists');
      const problem = activationProblem(model, deviceId, userId);
      return problem === undefined
        ? { events: [{ type: 'DeviceActivated', data: { deviceId, userId } }] }
        : reject(problem);
    }
    case 'DeactivateDevice': {
      const { deviceId } = command.data;
      const device = model.devices.get(deviceId);
      if (device === undefined) return reject('UnknownDevice');
      if (!device.active) return reject('DeviceNotActive');
      return {
        events: [
          { type: 'DeviceDeactivated', data: { deviceId } },
          ...(model.coldStorage ? [] : purges(retainedOf(model, deviceId), 'deactivation')),
        ],
      };
    }
    case 'ReactivateDevice': {
      const { deviceId } = command.data;
      const device = model.devices.get(deviceId);
      if (device === undefined) return reject('UnknownDevice');
      if (device.active) return reject('DeviceAlreadyActive');
      const problem = activationProblem(model, deviceId, device.userId);
      return problem === undefined
        ? { events: [{ type: 'DeviceReactivated', data: { deviceId } }] }
        : reject(problem);
    }
    case 'RecordArchive': {
      const { archiveId, deviceId } = command.data;
      if (model.archives.has(archiveId)) return reject('ArchiveAlreadyExists');
      const device = model.devices.get(deviceId);
      if (device === undefined) return reject('UnknownDevice');
      if (!device.active) return reject('DeviceNotActive');
      return { events: [{ type: 'ArchiveCreated', data: { archiveId, deviceId } }] };
    }
    case 'PurgeArchive': {
      const { archiveId, reason } = command.data;
      const archive = model.archives.get(archiveId);
      if (archive === undefined) return reject('UnknownArchive');
      if (!archive.retained) return reject('ArchiveAlreadyPurged');
      return { events: [{ type: 'ArchivePurged', data: { archiveId, reason } }] };
    }
    case 'DeactivateUser': {
      const { userId, reason } = command.data;
      const owned = sorted(devicesOf(model, userId));
      if (owned.length === 0) return reject('UnknownUser');
      const active = owned.filter((d) => model.devices.get(d)?.active === true);
      const archiveIds =
        reason !== 'admin'
          ? owned.flatMap((d) => retainedOf(model, d))
          : model.coldStorage
            ? []
            : active.flatMap((d) => retainedOf(model, d));
      const events = [
        { type: 'UserDeactivated', data: { userId, reason } },
        ...active.map((deviceId) => ({ type: 'DeviceDeactivated', data: { deviceId } })),
        ...purges(archiveIds, reason === 'admin' ? 'deactivation' : reason),
      ];
      if (events.length === 1 && model.deactivatedUsers.has(userId)) return reject('UserAlreadyDeactivated');
      return { events };
    }
    case 'SetLicenseCap':
      if (model.canceled) return reject('SubscriptionCanceled');
      return { events: [{ type: 'LicenseCapSet', data: { cap: command.data.cap } }] };
    case 'CancelSubscription':
      if (model.canceled) return reject('SubscriptionCanceled');
      return { events: [{ type: 'SubscriptionCanceled', data: {} }] };
    default:
      throw new Error(`the reference model does not know ${command.type}`);
  }
}

/** Advances the model by the events it predicted. */
export function applyPrediction(
  model: LedgerModel,
  events: readonly { type: string; data: unknown }[],
): void {
  for (const { type, data } of events) {
    const d = data as { deviceId: string; userId: string; archiveId: string; cap: number | null };
    switch (type) {
      case 'DeviceActivated':
        model.devices.set(d.deviceId, { userId: d.userId, active: true });
        model.deactivatedUsers.delete(d.userId);
        break;
      case 'DeviceDeactivated':
      case 'DeviceReactivated': {
        const device = model.devices.get(d.deviceId);
        if (device !== undefined) device.active = type === 'DeviceReactivated';
        break;
      }
      case 'ArchiveCreated':
        model.archives.set(d.archiveId, { deviceId: d.deviceId, retained: true });
        break;
      case 'ArchivePurged': {
        const archive = model.archives.get(d.archiveId);
        if (archive !== undefined) archive.retained = false;
        break;
      }
      case 'UserDeactivated':
        model.deactivatedUsers.add(d.userId);
        break;
      case 'LicenseCapSet':
        model.cap = d.cap;
        break;
      case 'SubscriptionCanceled':
        model.canceled = true;
        break;
    }
    model.eventCount += 1;
  }
}
