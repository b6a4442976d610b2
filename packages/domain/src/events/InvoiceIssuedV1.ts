// InvoiceIssued, version 1: the invoice of docs/wire-format.md#invoice as it was issued, no number,
// no adjustments. Released, so never changed (docs/wire-format.md#versions); InvoiceIssued.ts
// reads it and upcasts it to the current version.
import type * as t from 'io-ts';
import { failAt, withCheck } from './combinators.js';
import { eventCodec } from './envelope.js';
import { InvoiceJson } from './InvoiceJson.js';
import { quote } from './show.js';
import type { Equals } from './type-equality.js';
import type { InvoiceIssuedV1 as InvoiceIssuedV1Event } from './types.js';

/** The invoice names its organization too; an invoice filed under another org is refused. */
export function sameOrg<E extends { readonly orgId: string; readonly data: { readonly orgId: string } }>(
  event: E,
  context: t.Context,
): t.Validation<E> {
  return event.data.orgId === event.orgId
    ? { _tag: 'Right', right: event }
    : failAt(
        context,
        ['data', 'orgId'],
        event.data.orgId,
        `${quote(event.data.orgId)} differs from the event's orgId ${quote(event.orgId)}`,
      );
}

export const InvoiceIssuedV1 = withCheck(eventCodec('InvoiceIssued', InvoiceJson), sameOrg);
export type InvoiceIssuedV1 = InvoiceIssuedV1Event;

true satisfies Equals<t.TypeOf<typeof InvoiceIssuedV1>, InvoiceIssuedV1Event>;
