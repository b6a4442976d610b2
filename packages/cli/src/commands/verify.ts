// `tally verify`: is a sealed export intact and does it hold? One read checks, line by line, the
// chain, the canonical form, the codecs and the log's consistency (the log checker building each
// org's entity timeline as it goes), keeping the billing events and every InvoiceIssued. Then
// each issued invoice is priced again by the domain from its org's timeline, as known at its own
// recordedAt (invoicesOfTimeline), and compared byte for byte. The FIRST line that breaks is
// named; exit 1.
import {
  BILLING_FACT_TYPES,
  EntityTimeline,
  type InvoiceIssued,
  type InvoiceJson,
  instantToEpochMs,
  invoicesOfTimeline,
  scheduleBillingDate,
  serializeInvoiceJson,
  type TallyEvent,
  toInvoiceJson,
} from '@tally/domain';
import { failure, inputLine } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { readLines } from '../input/lines.js';
import { createLogChecker, type LogChecker } from '../input/log-checker.js';
import { createProgress, type Progress } from '../input/progress.js';
import { type CliIo, writeOut } from '../io.js';
import { CHAIN_PATTERN, canonicalJson, GENESIS_CHAIN, nextChain } from '../seal/chain.js';

export interface VerifyCommandOptions {
  readonly file: string;
  readonly quiet: boolean;
}

interface IssuedInvoice {
  readonly line: number;
  readonly event: InvoiceIssued;
}

export async function verifyCommand(options: VerifyCommandOptions, io: CliIo): Promise<void> {
  const file = await openEventFile(options.file, io.stdin);
  const progress = createProgress(io, 'verify', { quiet: options.quiet });
  try {
    const sealed = await checkSeal(file.path, file.name, progress);
    for (const issued of sealed.invoices) reproduce(issued, sealed, file.name);
    progress.done();
    const count = sealed.invoices.length;
    await writeOut(
      io.stdout,
      `verified ${file.name}: ${sealed.lines} lines, chain head ${sealed.head}, ${count} issued ${count === 1 ? 'invoice' : 'invoices'} reproduced\n`,
    );
  } finally {
    progress.done();
    await file.dispose();
  }
}

interface SealCheck {
  readonly lines: number;
  readonly head: string;
  readonly checker: LogChecker;
  readonly billingEvents: Map<string, TallyEvent[]>;
  /** In line order, so the first that fails is the first line that breaks. */
  readonly invoices: IssuedInvoice[];
}

/** The one read of the file. */
async function checkSeal(path: string, name: string, progress: Progress): Promise<SealCheck> {
  const checker = createLogChecker(name);
  const billingEvents = new Map<string, TallyEvent[]>();
  const invoices: IssuedInvoice[] = [];
  let head = GENESIS_CHAIN;
  let lines = 0;
  for await (const { text, number } of readLines(path)) {
    progress.tick();
    const broken = (eventId: string | undefined, problem: string) =>
      failure(inputLine(name, number, eventId, problem));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw broken(
        undefined,
        `line: not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw broken(undefined, 'line: not a JSON object');
    }
    const { chain, ...event } = json as Record<string, unknown>;
    const eventId = typeof event.eventId === 'string' ? event.eventId : undefined;
    if (chain === undefined && number === 1) {
      // The usual first mistake: verifying the log itself instead of an export of it.
      throw broken(
        eventId,
        'chain: missing: this is not a sealed export; seal the log with tally export (tally export LOG --org ORG --out sealed.jsonl) and verify that',
      );
    }
    if (typeof chain !== 'string' || !CHAIN_PATTERN.test(chain)) {
      throw broken(eventId, 'chain: missing, or not 64 lower-case hex digits: this is not a sealed export');
    }
    const canonical = canonicalJson(event);
    const expected = nextChain(head, canonical);
    if (chain !== expected) {
      throw broken(
        eventId,
        `chain: is ${chain} but the previous line's chain and this event give ${expected}: this line was changed, or a line before it was removed, added or moved`,
      );
    }
    if (text !== canonicalJson(json)) {
      throw broken(eventId, 'line: not in RFC 8785 canonical form (the bytes were rewritten)');
    }
    const accepted = checker.accept(canonical, number);
    if (accepted._tag === 'Left') throw failure(accepted.left);
    const decoded = accepted.right;
    if (BILLING_FACT_TYPES.has(decoded.type)) {
      const list = billingEvents.get(decoded.orgId) ?? [];
      list.push(decoded);
      billingEvents.set(decoded.orgId, list);
    }
    if (decoded.type === 'InvoiceIssued') invoices.push({ line: number, event: decoded });
    head = chain;
    lines = number;
  }
  return { lines, head, checker, billingEvents, invoices };
}

/** Prices the invoice again from its org's timeline as known at its recordedAt; throws the
 * first field that differs. */
function reproduce(issued: IssuedInvoice, sealed: SealCheck, name: string): void {
  const fail = (problem: string) => failure(inputLine(name, issued.line, issued.event.eventId, problem));
  const { orgId, billingDate, asKnownAt } = issued.event.data;
  const replayedAt = issued.event.recordedAt;
  if (instantToEpochMs(asKnownAt) > instantToEpochMs(replayedAt)) {
    throw fail(`data.asKnownAt: ${asKnownAt} is after the invoice was recorded (${replayedAt})`);
  }
  // A refusal of the schedule blames the billing date; one of the facts or prices, the data.
  let unscheduled = false;
  const priced = invoicesOfTimeline(
    sealed.checker.stateOf(orgId)?.entities ?? new EntityTimeline(),
    sealed.billingEvents.get(orgId) ?? [],
    { orgId, asKnownAt: replayedAt, billingDate },
    (facts) => {
      const schedule = scheduleBillingDate(facts, billingDate);
      unscheduled = schedule._tag === 'Left';
      return schedule;
    },
  );
  if (priced._tag === 'Left') {
    throw fail(`${unscheduled ? 'data.billingDate' : 'data'}: not reproduced: ${priced.left.message}`);
  }
  const recomputed = priced.right[0];
  if (recomputed === undefined) throw fail('data: not reproduced: no invoice priced');
  // The issuer's asKnownAt is kept: it may precede recordedAt, and the replay at recordedAt must
  // still give the same invoice.
  const expected: InvoiceJson = { ...toInvoiceJson(recomputed), asKnownAt };
  if (serializeInvoiceJson(expected) !== serializeInvoiceJson(issued.event.data)) {
    throw fail(
      `data: not reproduced by a replay as known at ${replayedAt}: ${firstDifference(issued.event.data, expected, 'data')}`,
    );
  }
}

/** `data.lines[0].quantity: issued 12, replay gives 13`. */
function firstDifference(issued: unknown, replayed: unknown, path: string): string {
  if (Array.isArray(issued) && Array.isArray(replayed)) {
    if (issued.length !== replayed.length) {
      return `${path}: issued ${issued.length} entries, replay gives ${replayed.length}`;
    }
    for (let i = 0; i < issued.length; i++) {
      if (JSON.stringify(issued[i]) !== JSON.stringify(replayed[i])) {
        return firstDifference(issued[i], replayed[i], `${path}[${i}]`);
      }
    }
  } else if (isObject(issued) && isObject(replayed)) {
    for (const key of new Set([...Object.keys(replayed), ...Object.keys(issued)])) {
      if (JSON.stringify(issued[key]) !== JSON.stringify(replayed[key])) {
        return firstDifference(issued[key], replayed[key], `${path}.${key}`);
      }
    }
  }
  return `${path}: issued ${JSON.stringify(issued)}, replay gives ${JSON.stringify(replayed)}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
