// InvoiceIssued as read, whatever its version (docs/wire-format.md#versions): `schemaVersion`
// absent or 1 is decoded by the version-1 codec and upcast (no number, an invoice, no
// adjustments, no manifest); 2 by the version-2 codec. The version is kept on the event, and
// encoding writes each event in the version it was read in, so a version-1 log is written back
// byte for byte.
import * as t from 'io-ts';
import { failAt, isPlainObject } from './combinators.js';
import { InvoiceIssuedV1 } from './InvoiceIssuedV1.js';
import { InvoiceIssuedV2 } from './InvoiceIssuedV2.js';
import { show } from './show.js';
import type { Equals } from './type-equality.js';
import type {
  InvoiceIssued as InvoiceIssuedEvent,
  InvoiceIssuedV1 as InvoiceIssuedV1Event,
  InvoiceJson,
  IssuedInvoiceJson,
} from './types.js';

export const INVOICE_ISSUED_VERSIONS = [1, 2] as const;

/** Version-1 invoice data read as the current version: no number, an invoice, no adjustments,
 * no manifest. */
export function upcastInvoiceV1(data: InvoiceJson): IssuedInvoiceJson {
  const { orgId, billingDate, currency, asKnownAt, lines, total } = data;
  return {
    orgId,
    billingDate,
    currency,
    asKnownAt,
    number: null,
    document: 'invoice',
    lines,
    total,
    manifest: null,
  };
}

/** A version-1 event read as the current version; its `schemaVersion` (absent or 1) is kept. */
export function upcastInvoiceIssuedV1(event: InvoiceIssuedV1Event): InvoiceIssuedEvent {
  return { ...event, data: upcastInvoiceV1(event.data) };
}

/** Whether an event read as the current version still has the content of version 1, so that
 * writing it as version 1 loses nothing. */
function fitsVersion1Data(data: Readonly<Record<string, unknown>>): boolean {
  return (
    data.number === null &&
    data.document === 'invoice' &&
    data.manifest === null &&
    Array.isArray(data.lines) &&
    data.lines.every((line) => !isPlainObject(line) || line.kind !== 'adjustment')
  );
}

const fitsVersion1 = (event: InvoiceIssuedEvent): boolean =>
  fitsVersion1Data(event.data as unknown as Readonly<Record<string, unknown>>);

const versionOf = (input: Readonly<Record<string, unknown>>): unknown =>
  Object.hasOwn(input, 'schemaVersion') ? input.schemaVersion : 1;

export const InvoiceIssued = new t.Type<InvoiceIssuedEvent, InvoiceIssuedEvent, unknown>(
  'an InvoiceIssued event',
  (input): input is InvoiceIssuedEvent => {
    if (!isPlainObject(input)) return false;
    if (input.schemaVersion === 2) return InvoiceIssuedV2.is(input);
    // Read as version 1: the upcast's fields hold their version-1 values, the rest is version 1.
    const { data } = input;
    if (!isPlainObject(data) || !fitsVersion1Data(data)) return false;
    const { number: _n, document: _d, manifest: _m, ...v1 } = data;
    return InvoiceIssuedV1.is({ ...input, data: v1 });
  },
  (input, context) => {
    if (!isPlainObject(input)) return InvoiceIssuedV1.validate(input, context) as t.Validation<never>;
    const version = versionOf(input);
    if (version === 2) return InvoiceIssuedV2.validate(input, context);
    if (version !== 1) {
      return failAt(
        context,
        ['schemaVersion'],
        version,
        `InvoiceIssued has versions ${INVOICE_ISSUED_VERSIONS.join(' and ')}, got ${show(version)}`,
      );
    }
    const decoded = InvoiceIssuedV1.validate(input, context);
    return decoded._tag === 'Left' ? decoded : t.success(upcastInvoiceIssuedV1(decoded.right));
  },
  (event) => {
    if (event.schemaVersion === 2) return InvoiceIssuedV2.encode(event as typeof InvoiceIssuedV2._A);
    if (!fitsVersion1(event)) {
      throw new TypeError(
        `cannot write InvoiceIssued ${event.eventId} as version 1: it has a number, adjustments or a manifest (give it schemaVersion 2)`,
      );
    }
    // The version-1 codec writes the version-1 keys only: the upcast's fields are dropped.
    return InvoiceIssuedV1.encode(event as unknown as InvoiceIssuedV1Event) as unknown as InvoiceIssuedEvent;
  },
);
export type InvoiceIssued = InvoiceIssuedEvent;

true satisfies Equals<t.TypeOf<typeof InvoiceIssued>, InvoiceIssuedEvent>;
