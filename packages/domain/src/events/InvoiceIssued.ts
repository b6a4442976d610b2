import type * as t from 'io-ts';
import { failAt, withCheck } from './combinators.js';
import { eventCodec } from './envelope.js';
import { InvoiceJson } from './InvoiceJson.js';
import { quote } from './show.js';
import type { Equals } from './type-equality.js';
import type { InvoiceIssued as InvoiceIssuedEvent } from './types.js';

// The invoice names its organization too; an invoice filed under another org is refused.
export const InvoiceIssued = withCheck(eventCodec('InvoiceIssued', InvoiceJson), (event, context) =>
  event.data.orgId === event.orgId
    ? { _tag: 'Right', right: event }
    : failAt(
        context,
        ['data', 'orgId'],
        event.data.orgId,
        `${quote(event.data.orgId)} differs from the event's orgId ${quote(event.orgId)}`,
      ),
);
export type InvoiceIssued = InvoiceIssuedEvent;

true satisfies Equals<t.TypeOf<typeof InvoiceIssued>, InvoiceIssuedEvent>;
