// Global positions, and the horizon below which every position is settled.
//
// An append's events get the positions  xid * 2^20 + 1, xid * 2^20 + 2, ...  where xid is the
// appending transaction's id (pg_current_xact_id()). So positions follow transaction ids, and
// every transaction id below pg_snapshot_xmin(pg_current_snapshot()) belongs to a transaction
// that has ended (committed or rolled back), while any transaction still running, or yet to
// start, has an id at or above it. Below  xmin * 2^20  no position can be filled any more: a
// reader that stops there never yields a position that an earlier one, committed later, would
// have come before. (docs/postgres.md, "Reading every stream in order")

/** Bits of a position that number the events of one transaction. */
export const EVENT_BITS = 20n;
/** Events one append may carry: positions must stay inside their transaction's block. */
export const MAX_EVENTS_PER_APPEND = 2 ** Number(EVENT_BITS) - 1;

/** SQL for the first position of the current transaction's block (add the event's 1-based ordinal). */
export const TRANSACTION_BLOCK_SQL = `(pg_current_xact_id()::text::bigint << ${EVENT_BITS})`;

/** SQL for the horizon: every position below it is settled. */
export const SETTLED_HORIZON_SQL = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${EVENT_BITS})`;

/** The position of the `ordinal`-th event (1-based) of the transaction `xid`. */
export const positionOf = (xid: bigint, ordinal: number): bigint => (xid << EVENT_BITS) + BigInt(ordinal);

/** The transaction that wrote the event at `position`. */
export const transactionOf = (position: bigint): bigint => position >> EVENT_BITS;
