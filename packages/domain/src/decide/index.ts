export type {
  ActivateDevice,
  CancelSubscription,
  Command,
  CommandEnvelope,
  CommandType,
  DeactivateDevice,
  DeactivateUser,
  ManualPurgeReason,
  PurgeArchive,
  ReactivateDevice,
  RecordArchive,
  RegisterOrganization,
  RenewSubscription,
  SetLicenseCap,
  StartSubscription,
} from './commands.js';
export type { LogInconsistency } from './consistency.js';
export { checkEvent, replayChecked } from './consistency.js';
export type { Decision } from './decide.js';
export { decide } from './decide.js';
export type { Decider, OrgDecider } from './decider.js';
export { orgDecider } from './decider.js';
export type { DecisionError, DecisionErrorCode } from './errors.js';
export { DECISION_ERROR_CODES, isDecisionError } from './errors.js';
export type { OrgRegistration, OrgState, OrgSubscription } from './org-state.js';
export {
  applyOrgEvent,
  DEFAULT_MAX_DEVICES_PER_USER,
  evolve,
  foldOrgEvents,
  initialOrgState,
  maxDevicesPerUserOf,
} from './org-state.js';
