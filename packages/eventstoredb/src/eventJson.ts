// The JSON an event is stored as, and back. Stored events are not trusted: decoding checks them
// against the wire format (DOMAIN.md §5) and says which field is wrong.
//
// The codecs are `encodeEvent`/`decodeEvent` of @tally/domain's events module. Until the domain
// package's root index exports them, they are looked up at run time and, when absent, the event
// is stored as it is (its fields are all JSON-safe) and read back unchecked. Once the export
// lands, replace the lookup with a plain `import { decodeEvent, encodeEvent } from '@tally/domain'`.

import type { TallyEvent } from '@tally/domain';
import * as domain from '@tally/domain';

export type Decoded =
  | { readonly ok: true; readonly event: TallyEvent }
  | { readonly ok: false; readonly problem: string };

type Either<E, A> =
  | { readonly _tag: 'Left'; readonly left: E }
  | { readonly _tag: 'Right'; readonly right: A };
type EncodeEvent = (event: TallyEvent) => unknown;
type DecodeEvent = (json: unknown) => Either<{ readonly message: string }, TallyEvent>;

const domainFunction = <F>(name: string): F | undefined => {
  const candidate: unknown = Reflect.get(domain, name);
  return typeof candidate === 'function' ? (candidate as F) : undefined;
};

const encodeEvent = domainFunction<EncodeEvent>('encodeEvent');
const decodeEvent = domainFunction<DecodeEvent>('decodeEvent');

/** The event as the wire format writes it, keys in their fixed order. */
export const encodeForStorage = (event: TallyEvent): unknown => (encodeEvent ? encodeEvent(event) : event);

export const decodeStoredJson = (json: object): Decoded => {
  if (!decodeEvent) return { ok: true, event: json as TallyEvent };
  const result = decodeEvent(json);
  if (result._tag === 'Right') return { ok: true, event: result.right };
  const eventId = Reflect.get(json, 'eventId');
  const about = typeof eventId === 'string' ? `event ${eventId}: ` : '';
  return { ok: false, problem: `${about}${result.left.message}` };
};
