import { EventStoreDBClient } from '@eventstore/db-client';

/** A connection string the client cannot parse. Neither the message nor the error holds the
 * string or any part of it: a mistyped string may hold a password (`esdb://admin:secret` without
 * its `@host` is read as a host `admin` with the port `secret`). */
export class InvalidConnectionStringError extends Error {
  readonly code = 'InvalidConnectionString' as const;
  constructor(
    /** The 0-based character where the client stopped, when it said. */
    readonly position: number | undefined,
    /** What the client expected there (`port number`, `true or false`, ...), when it said. */
    readonly expected: string | undefined,
  ) {
    const where =
      position === undefined
        ? ''
        : ` at character ${position + 1}${expected ? ` (expected ${expected})` : ''}`;
    super(
      `not a valid EventStoreDB connection string${where}; the form is esdb://[user[:password]@]host[:port][?option=value&...]`,
    );
    this.name = 'InvalidConnectionStringError';
  }
}

export const isInvalidConnectionStringError = (error: unknown): error is InvalidConnectionStringError =>
  error instanceof InvalidConnectionStringError;

/** The client for `connectionString`; a string it cannot parse is refused without being echoed
 * (the client's own error repeats the offending text and keeps the whole string). */
export function clientOf(connectionString: string): EventStoreDBClient {
  const badPort = badPortAt(connectionString);
  if (badPort !== undefined) throw new InvalidConnectionStringError(badPort, 'port number');
  try {
    return EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    throw new InvalidConnectionStringError(positionOf(error), expectedOf(error));
  }
}

/** Where a host's port is not a port (1-65535, digits only), if one is. The client reads a port's
 * leading digits and ignores the rest, so a forgotten `@host` with a password starting with a digit
 * (`esdb://admin:123abc`, host admin, port 123) or a minus (`-0abc`) would pass it and become a
 * connection to a wrong host; such a string is refused here instead, before the client sees it. */
function badPortAt(connectionString: string): number | undefined {
  const scheme = connectionString.indexOf('://');
  if (scheme < 0) return undefined; // the client says what it expected
  const query = connectionString.indexOf('?', scheme);
  const beforeQuery = query < 0 ? connectionString.length : query;
  const hostsStart = Math.max(scheme + 3, connectionString.lastIndexOf('@', beforeQuery - 1) + 1);
  const slash = connectionString.indexOf('/', hostsStart);
  const hostsEnd = slash >= 0 && slash < beforeQuery ? slash : beforeQuery;
  let hostStart = hostsStart;
  for (const host of connectionString.slice(hostsStart, hostsEnd).split(',')) {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !isPort(host.slice(colon + 1))) return hostStart + colon + 1;
    hostStart += host.length + 1;
  }
  return undefined;
}

function isPort(text: string): boolean {
  return /^[0-9]{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

function positionOf(error: unknown): number | undefined {
  const location =
    typeof error === 'object' && error !== null && 'location' in error ? error.location : undefined;
  const start = Array.isArray(location) ? location[0] : undefined;
  return Number.isSafeInteger(start) && (start as number) >= 0 ? (start as number) : undefined;
}

function expectedOf(error: unknown): string | undefined {
  const expected =
    typeof error === 'object' && error !== null && 'expected' in error ? error.expected : undefined;
  // The client's expectations are short fixed phrases; anything else is not repeated.
  return typeof expected === 'string' && /^[a-z0-9:/+ ]{1,60}$/i.test(expected) ? expected : undefined;
}
