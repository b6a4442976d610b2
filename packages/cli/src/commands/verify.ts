// `tally verify`: is a sealed export intact and does it hold? Pass 1 checks, line by line, the
// chain, the canonical form, the codecs and the log's consistency, and notes the billing events
// and every InvoiceIssued. Pass 2 replays the entity events into one counter per issued invoice
// (each as known at its own recordedAt), and each invoice is priced again and compared byte for
// byte. The FIRST line that breaks is named; exit 1.
import {
  BILLING_FACT_TYPES,
  type BillingFacts,
  type BillingSchedule,
  collectBillingFacts,
  createSnapshotCounter,
  decodeEvent,
  type InvoiceIssued,
  type InvoiceJson,
  instantToEpochMs,
  priceInvoices,
  type SnapshotCounter,
  scheduleBillingDate,
  serializeInvoiceJson,
  type TallyEvent,
  toInvoiceJson,
} from '@tally/domain';
import { failure, inputLine } from '../errors.js';
import { openEventFile } from '../input/event-file.js';
import { readLines } from '../input/lines.js';
import { createLogChecker } from '../input/log-checker.js';
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
    const replayed = await reproduceInvoices(file.path, file.name, sealed, progress);
    progress.done();
    await writeOut(
      io.stdout,
      `verified ${file.name}: ${sealed.lines} lines, chain head ${sealed.head}, ${replayed} issued ${replayed === 1 ? 'invoice' : 'invoices'} reproduced\n`,
    );
  } finally {
    progress.done();
    await file.dispose();
  }
}

interface SealCheck {
  readonly lines: number;
  readonly head: string;
  readonly billingEvents: Map<string, TallyEvent[]>;
  readonly invoices: IssuedInvoice[];
}

/** Pass 1. */
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
  return { lines, head, billingEvents, invoices };
}

interface Replay {
  readonly issued: IssuedInvoice;
  readonly facts: BillingFacts;
  readonly schedule: BillingSchedule;
  readonly counter: SnapshotCounter;
}

/** Pass 2; returns how many invoices were reproduced. */
async function reproduceInvoices(
  path: string,
  name: string,
  sealed: SealCheck,
  progress: Progress,
): Promise<number> {
  const replays: Replay[] = [];
  const failAt = (issued: IssuedInvoice, problem: string) =>
    failure(inputLine(name, issued.line, issued.event.eventId, problem));
  for (const issued of sealed.invoices) {
    const { orgId, billingDate, asKnownAt } = issued.event.data;
    const replayedAt = issued.event.recordedAt;
    if (instantToEpochMs(asKnownAt) > instantToEpochMs(replayedAt)) {
      throw failAt(issued, `data.asKnownAt: ${asKnownAt} is after the invoice was recorded (${replayedAt})`);
    }
    const facts = collectBillingFacts(sealed.billingEvents.get(orgId) ?? [], {
      orgId,
      asKnownAt: replayedAt,
    });
    if (facts._tag === 'Left') throw failAt(issued, `data: not reproduced: ${facts.left.message}`);
    const schedule = scheduleBillingDate(facts.right, billingDate);
    if (schedule._tag === 'Left')
      throw failAt(issued, `data.billingDate: not reproduced: ${schedule.left.message}`);
    replays.push({
      issued,
      facts: facts.right,
      schedule: schedule.right,
      counter: createSnapshotCounter(schedule.right.tallyInstants, { asKnownAt: replayedAt }),
    });
  }
  if (replays.length === 0) return 0;

  const byOrg = new Map<string, Replay[]>();
  for (const replay of replays) {
    const list = byOrg.get(replay.facts.orgId) ?? [];
    list.push(replay);
    byOrg.set(replay.facts.orgId, list);
  }
  for await (const { text } of readLines(path)) {
    progress.tick();
    const { chain: _, ...json } = JSON.parse(text) as Record<string, unknown>;
    const decoded = decodeEvent(json);
    // Pass 1 decoded every line; a file changed in between is caught here.
    if (decoded._tag === 'Left') throw failure(`${name} changed while it was being verified`);
    for (const replay of byOrg.get(decoded.right.orgId) ?? []) replay.counter.push(decoded.right);
  }

  // Invoices are reported in line order, so the first mismatch is the first line that breaks.
  for (const replay of replays) {
    const priced = priceInvoices(replay.facts, replay.schedule, replay.counter.result());
    if (priced._tag === 'Left') throw failAt(replay.issued, `data: not reproduced: ${priced.left.message}`);
    const recomputed = priced.right[0];
    if (recomputed === undefined) throw failAt(replay.issued, 'data: not reproduced: no invoice priced');
    const issued = replay.issued.event.data;
    // The issuer's asKnownAt is kept: it may precede recordedAt, and the replay at recordedAt
    // must still give the same invoice.
    const expected: InvoiceJson = { ...toInvoiceJson(recomputed), asKnownAt: issued.asKnownAt };
    if (serializeInvoiceJson(expected) !== serializeInvoiceJson(issued)) {
      throw failAt(
        replay.issued,
        `data: not reproduced by a replay as known at ${replay.issued.event.recordedAt}: ${firstDifference(issued, expected, 'data')}`,
      );
    }
  }
  return replays.length;
}

/** `data.lines[0].quantity: issued 12, replay gives 13`. */
export function firstDifference(issued: unknown, replayed: unknown, path: string): string {
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
