// UUIDs on the wire come either as a string or as two signed 64-bit halves ("structured"); the
// client asks for one form in each read. Both are handled so the server answers whichever it asks.
import { type GrpcUuid, sharedPb } from '../generated.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidUuidError extends Error {
  constructor(readonly value: string) {
    super(`event id ${JSON.stringify(value)} is not a UUID`);
    this.name = 'InvalidUuidError';
  }
}

const hexOfHalf = (half: string): string => BigInt.asUintN(64, BigInt(half)).toString(16).padStart(16, '0');

const halfOfHex = (hex: string): string => BigInt.asIntN(64, BigInt(`0x${hex}`)).toString(10);

/** The canonical lower-case string form; throws `InvalidUuidError` when it is not a UUID. */
export const uuidFromMessage = (message: GrpcUuid | undefined): string => {
  if (!message) throw new InvalidUuidError('');
  const structured = message.getStructured();
  if (structured) {
    const hex =
      hexOfHalf(structured.getMostSignificantBits()) + hexOfHalf(structured.getLeastSignificantBits());
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = message.getString();
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
