// PostgreSQL's binary COPY format (the server's documentation, "COPY", "Binary Format"): an
// 11-byte signature, a flags word and a header extension, then each row as a 16-bit field count
// and each field as a 32-bit length (-1 for NULL) and that many bytes, then -1 as the count. A
// field's bytes are its type's binary form: a text or bytea field's bytes as stored, with no
// escaping and no decoding, which is why a page is read this way (read.ts).

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // PGCOPY\n\377\r\n\0
const HEADER_BYTES = SIGNATURE.length + 8;

/** A row's fields as views of the COPY output (null for SQL NULL). */
export type BinaryRow = readonly (Uint8Array | null)[];

export class BinaryCopyFormatError extends Error {
  constructor(detail: string) {
    super(`the server's binary COPY output is not in PostgreSQL's format: ${detail}`);
    this.name = 'BinaryCopyFormatError';
  }
}

/** The rows of a binary COPY output. */
export function binaryCopyRows(bytes: Uint8Array): BinaryRow[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, count: number, what: string) => {
    if (at + count > bytes.length) throw new BinaryCopyFormatError(`${what} runs past the end at byte ${at}`);
  };
  need(0, HEADER_BYTES, 'the header');
  SIGNATURE.forEach((byte, i) => {
    if (bytes[i] !== byte) throw new BinaryCopyFormatError('no PGCOPY signature');
  });
  const extension = view.getUint32(SIGNATURE.length + 4);
  let at = HEADER_BYTES + extension;
  const rows: BinaryRow[] = [];
  for (;;) {
    need(at, 2, 'a row');
    const fields = view.getInt16(at);
    at += 2;
    if (fields === -1) break;
    if (fields < 0) throw new BinaryCopyFormatError(`a row of ${fields} fields at byte ${at - 2}`);
    const row: (Uint8Array | null)[] = [];
    for (let f = 0; f < fields; f++) {
      need(at, 4, 'a field');
      const length = view.getInt32(at);
      at += 4;
      if (length === -1) {
        row.push(null);
        continue;
      }
      if (length < 0) throw new BinaryCopyFormatError(`a field of length ${length} at byte ${at - 4}`);
      need(at, length, 'a field');
      row.push(bytes.subarray(at, at + length));
      at += length;
    }
    rows.push(row);
  }
  if (at !== bytes.length) throw new BinaryCopyFormatError(`${bytes.length - at} bytes after the end`);
  return rows;
}

/** The field, checked to be a value of `bytes` bytes of `type`. */
function fixed(field: Uint8Array | null | undefined, bytes: number, type: string): Uint8Array {
  if (field === null || field === undefined || field.length !== bytes) {
    throw new BinaryCopyFormatError(`expected ${type} (${bytes} bytes), got ${field?.length ?? 'no'} bytes`);
  }
  return field;
}

const viewOf = (field: Uint8Array) => new DataView(field.buffer, field.byteOffset, field.byteLength);

/** A binary int4, int8 or bool field's value. */
export function int4Of(field: Uint8Array | null | undefined): number {
  return viewOf(fixed(field, 4, 'int4')).getInt32(0);
}

export function int8Of(field: Uint8Array | null | undefined): bigint {
  return viewOf(fixed(field, 8, 'int8')).getBigInt64(0);
}

export function boolOf(field: Uint8Array | null | undefined): boolean {
  return fixed(field, 1, 'bool')[0] === 1;
}
