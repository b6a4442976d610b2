// The store's typed errors: each says what happened and what to do about it, carries a `code`,
// and has a type guard. Failures of the database are sorted into them by `classifyFailure`.
import type { Row, SqlConnection } from './connection/sql.js';

/** Where a connection goes, for messages: `host:port/database` (never the password). */
export type Target = string;

/** The server cannot be reached: it is down, or the host or port is wrong. */
export class PostgresUnavailableError extends Error {
  readonly code = 'PostgresUnavailable' as const;
  constructor(
    readonly target: Target,
    cause: unknown,
  ) {
    super(
      `PostgreSQL at ${target} cannot be reached (${reasonOf(cause)}): is the server running, and are the host and port right?`,
      { cause },
    );
    this.name = 'PostgresUnavailableError';
  }
}

/** The server refused the user: wrong password, unknown user, or no pg_hba.conf entry. */
export class PostgresAuthenticationError extends Error {
  readonly code = 'PostgresAuthentication' as const;
  constructor(
    readonly target: Target,
    readonly user: string,
    cause: unknown,
  ) {
    super(
      `PostgreSQL at ${target} refused user "${user}" (${reasonOf(cause)}): check the user name and password in the connection settings`,
      { cause },
    );
    this.name = 'PostgresAuthenticationError';
  }
}

/** The store was opened with `migrate: false` and its tables are not there, or are older. */
export class PostgresSchemaMissingError extends Error {
  readonly code = 'PostgresSchemaMissing' as const;
  constructor(
    readonly schema: string,
    /** The version found (0: no Tally tables at all). */
    readonly found: number,
    readonly required: number,
  ) {
    super(
      found === 0
        ? `schema "${schema}" has no Tally event tables: open the store once with migrate: true (the default), or have your migration tool run it`
        : `schema "${schema}" holds Tally tables at version ${found}, this code needs version ${required}: open the store once with migrate: true (the default) to upgrade them`,
    );
    this.name = 'PostgresSchemaMissingError';
  }
}

/** The tables were made by a newer @tally/postgres than this one: this code must not write to them. */
export class PostgresSchemaTooNewError extends Error {
  readonly code = 'PostgresSchemaTooNew' as const;
  constructor(
    readonly schema: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `schema "${schema}" holds Tally tables at version ${found}, newer than version ${known} that this @tally/postgres knows: upgrade @tally/postgres (every process sharing the database needs the newer one)`,
    );
    this.name = 'PostgresSchemaTooNewError';
  }
}

/**
 * The connection broke while an append was under way. PostgreSQL rolled the append back unless
 * its commit had already gone through, so the stream holds the whole batch or none of it: retry
 * the same append (same events, same expected revision), which is a no-op if it was written.
 */
export class PostgresConnectionLostError extends Error {
  readonly code = 'PostgresConnectionLost' as const;
  constructor(
    readonly operation: string,
    readonly streamName: string | undefined,
    cause: unknown,
  ) {
    super(
      `${operation}${streamName === undefined ? '' : `(${streamName})`}: the connection to PostgreSQL was lost (${reasonOf(cause)}); nothing was half-written: retry it, an append with the same events is a no-op if it had committed`,
      { cause },
    );
    this.name = 'PostgresConnectionLostError';
  }
}

/** Any other failure of the database, named by operation and stream. */
export class PostgresStoreError extends Error {
  readonly code = 'PostgresStore' as const;
  constructor(
    readonly operation: string,
    readonly streamName: string | undefined,
    options: { readonly cause: unknown } | { readonly reason: string },
  ) {
    const reason = 'reason' in options ? options.reason : reasonOf(options.cause);
    super(
      `${operation}${streamName === undefined ? '' : `(${streamName})`} failed: ${reason}`,
      'cause' in options ? { cause: options.cause } : {},
    );
    this.name = 'PostgresStoreError';
  }
}

const guard =
  <E>(type: abstract new (...args: never[]) => E) =>
  (error: unknown): error is E =>
    error instanceof type;

export const isPostgresUnavailableError = guard(PostgresUnavailableError);
export const isPostgresAuthenticationError = guard(PostgresAuthenticationError);
export const isPostgresSchemaMissingError = guard(PostgresSchemaMissingError);
export const isPostgresSchemaTooNewError = guard(PostgresSchemaTooNewError);
export const isPostgresConnectionLostError = guard(PostgresConnectionLostError);
export const isPostgresStoreError = guard(PostgresStoreError);

export function reasonOf(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return reasonOf(cause.errors[0]);
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}

/** What was being done when a failure came, to name it in the typed error. */
export interface FailureContext {
  readonly operation: string;
  readonly streamName?: string;
  readonly target: Target;
  readonly user: string;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);
const BROKEN = new Set(['ECONNRESET', 'EPIPE', '57P01', '57P02', '08000', '08003', '08006']);

const codeOf = (error: unknown): string | undefined => {
  if (error instanceof AggregateError) return codeOf(error.errors[0]);
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** pg says so in words when the socket closes under a query. */
const isTerminated = (error: unknown): boolean =>
  error instanceof Error && /connection terminated|not queryable|connection ended/i.test(error.message);

/**
 * A database failure as the typed error a user can act on; typed errors of this package pass
 * through. SQLSTATE 28xxx is authentication, 57P03 a server still starting or stopping.
 */
export function classifyFailure(error: unknown, context: FailureContext): Error {
  if (
    error instanceof PostgresUnavailableError ||
    error instanceof PostgresAuthenticationError ||
    error instanceof PostgresConnectionLostError ||
    error instanceof PostgresStoreError
  ) {
    return error;
  }
  const code = codeOf(error);
  if (code !== undefined && (UNREACHABLE.has(code) || code === '57P03' || code === '08001')) {
    return new PostgresUnavailableError(context.target, error);
  }
  if (code === '28P01' || code === '28000') {
    return new PostgresAuthenticationError(context.target, context.user, error);
  }
  if ((code !== undefined && BROKEN.has(code)) || isTerminated(error)) {
    return new PostgresConnectionLostError(context.operation, context.streamName, error);
  }
  if (code === '3D000') {
    return new PostgresStoreError(context.operation, context.streamName, {
      reason: `${reasonOf(error)} on ${context.target}: create the database first (CREATE DATABASE)`,
    });
  }
  return new PostgresStoreError(context.operation, context.streamName, { cause: error });
}

/** A query whose failure comes back as the typed error `classifyFailure` makes of it. */
export function queryClassified(
  connection: SqlConnection,
  operation: string,
  streamName: string | undefined,
  text: string,
  params: unknown[],
): Promise<readonly Row[]> {
  return classified(connection, operation, streamName, () => connection.query(text, params));
}

/** `work` on `connection`, its failure the typed error `classifyFailure` makes of it. */
export async function classified<T>(
  connection: SqlConnection,
  operation: string,
  streamName: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyFailure(error, {
      operation,
      ...(streamName === undefined ? {} : { streamName }),
      target: connection.target,
      user: connection.user,
    });
  }
}
