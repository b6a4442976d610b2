// The JSON an event is stored as, and back. Stored events are not trusted: decoding checks them
// against the wire format (docs/wire-format.md) and says which field is wrong.
import { decodeEvent, encodeEvent, type TallyEvent } from '@tally/domain';

export type Decoded =
  | { readonly ok: true; readonly event: TallyEvent }
  | { readonly ok: false; readonly problem: string };

/** The event as the wire format writes it, keys in their fixed order. */
export const encodeForStorage = (event: TallyEvent): unknown => encodeEvent(event);

export const decodeStoredJson = (json: object): Decoded => {
  const result = decodeEvent(json);
  if (result._tag === 'Right') return { ok: true, event: result.right };
  const eventId = Reflect.get(json, 'eventId');
  const about = typeof eventId === 'string' ? `event ${eventId}: ` : '';
  return { ok: false, problem: `${about}${result.left.message}` };
};
