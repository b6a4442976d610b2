// The command handler's typed failures: a rejection by the decider (the command breaks a rule)
// and a conflict that outlasted every retry (too many writers on one organization at once).

/** What a decider answers when it refuses a command: a code to branch on and a message. */
export interface RejectionReason {
  readonly code: string;
  readonly message: string;
}

/** The decider refused the command; nothing was appended. `reason` is the decider's error. */
export class CommandRejectedError<Reason extends RejectionReason = RejectionReason> extends Error {
  readonly code = 'CommandRejected' as const;
  constructor(
    readonly commandType: string,
    readonly orgId: string,
    readonly reason: Reason,
  ) {
    super(`${commandType} for organization ${orgId} rejected (${reason.code}): ${reason.message}`);
    this.name = 'CommandRejectedError';
  }
}

export const isCommandRejectedError = (error: unknown): error is CommandRejectedError =>
  error instanceof CommandRejectedError;

/** Every attempt met a concurrent append to the organization's stream; nothing was appended. */
export class ConcurrencyError extends Error {
  readonly code = 'Concurrency' as const;
  constructor(
    readonly commandType: string,
    readonly orgId: string,
    readonly streamName: string,
    readonly attempts: number,
    options?: { readonly cause?: unknown },
  ) {
    super(
      `${commandType} for organization ${orgId} gave up after ${attempts} attempts: another writer appended to ${streamName} before each of them; retry the command later`,
      options,
    );
    this.name = 'ConcurrencyError';
  }
}

export const isConcurrencyError = (error: unknown): error is ConcurrencyError =>
  error instanceof ConcurrencyError;
