// UUIDs on the wire come either as a string or as two signed 64-bit halves ("structured"); the
// client asks for one form in each read. Both are handled, by the adapter (the correlation ids
// of its appends, the ids of the events it reads) and by the test server, which answers whichever
// form it is asked for.
import { type GrpcUuid, sharedPb } from './generated.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidUuidError extends Error {
  constructor(readonly value: string) {
    super(`event id ${JSON.stringify(value)} is not a UUID`);
    this.name = 'InvalidUuidError';
  }
}

const halfOfHex = (hex: string): string => BigInt.asIntN(64, BigInt(`0x${hex}`)).toString(10);

/** The text of a UUID given as its two 64-bit halves, read unsigned. */
export function uuidText(most: bigint, least: bigint): string {
  const hex =
    BigInt.asUintN(64, most).toString(16).padStart(16, '0') +
    BigInt.asUintN(64, least).toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The text of a UUID message in either form, as it was sent. */
export const uuidTextOf = (message: GrpcUuid): string => {
  const structured = message.getStructured();
  if (structured) {
    return uuidText(
      BigInt(structured.getMostSignificantBits()),
      BigInt(structured.getLeastSignificantBits()),
    );
  }
  return message.getString();
};

/** The canonical lower-case string form; throws `InvalidUuidError` when it is not a UUID. */
export const uuidFromMessage = (message: GrpcUuid | undefined): string => {
  if (!message) throw new InvalidUuidError('');
  const text = uuidTextOf(message);
  if (!UUID_PATTERN.test(text)) throw new InvalidUuidError(text);
  return text.toLowerCase();
};

export const uuidToMessage = (uuid: string, form: 'string' | 'structured'): GrpcUuid => {
  const message = new sharedPb.UUID();
  if (form === 'string') return message.setString(uuid);
  const hex = uuid.replaceAll('-', '');
  const structured = new sharedPb.UUID.Structured();
  structured.setMostSignificantBits(halfOfHex(hex.slice(0, 16)));
  structured.setLeastSignificantBits(halfOfHex(hex.slice(16)));
  return message.setStructured(structured);
};
