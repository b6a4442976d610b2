// Signed checkpoints: a tree head (origin, size, root) as a C2SP tlog-checkpoint, in a C2SP
// signed note with one Ed25519 signature whose key name is the origin. The format, byte by
// byte, is in docs/proofs.md ("The checkpoint, byte by byte"). Parsing is strict: tally writes
// exactly one form, and any other byte (a CR, an extension line, a second base64 spelling of
// the same bytes) is refused rather than read past.
import { isUtf8 } from 'node:buffer';
import { type KeyObject, sign, verify } from 'node:crypto';
import { HASH_BYTES, type Hash } from './hash.js';
import { keyId } from './keys.js';
import { accept, refuse, type Verdict } from './verdict.js';

export interface Checkpoint {
  /** `tally/<orgId>`. */
  readonly origin: string;
  /** Number of leaves (events) the tree head covers. */
  readonly size: number;
  readonly root: Hash;
}

const ORIGIN_PREFIX = 'tally/';
/** U+2014 EM DASH and a space start every signature line. */
const SIGNATURE_MARK = '\u2014 ';
const ED25519_SIGNATURE_BYTES = 64;
const MAX_SIGNATURES = 100;

export const originOf = (orgId: string): string => `${ORIGIN_PREFIX}${orgId}`;

/** The org of a `tally/<orgId>` origin, or undefined for any other origin. */
export function orgIdOfOrigin(origin: string): string | undefined {
  return origin.startsWith(ORIGIN_PREFIX) && origin.length > ORIGIN_PREFIX.length
    ? origin.slice(ORIGIN_PREFIX.length)
    : undefined;
}

/** Why `origin` cannot be a checkpoint origin and key name (C2SP: no spaces, no plus). */
export function originProblem(origin: string): string | undefined {
  if (orgIdOfOrigin(origin) === undefined) return `origin: "${origin}" is not tally/<orgId>`;
  if (/[\s+\p{Cc}\p{Zs}]/u.test(origin)) {
    return `origin: "${origin}" has a space, a plus or a control character, which a signed note's key name cannot hold`;
  }
  return undefined;
}

/** The note text: origin, size and base64 root, each followed by a newline. */
export function checkpointText(checkpoint: Checkpoint): string {
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.root.toString('base64')}\n`;
}

/** The signed note of `checkpoint`, signed with `privateKey` (Ed25519). */
export function signCheckpoint(checkpoint: Checkpoint, privateKey: KeyObject): string {
  const problem = originProblem(checkpoint.origin);
  if (problem !== undefined) throw new Error(problem);
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw new Error(`size: ${checkpoint.size} is not a whole number of leaves`);
  }
  if (checkpoint.root.length !== HASH_BYTES) throw new Error('root: not a 32-byte SHA-256 hash');
  const text = checkpointText(checkpoint);
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const id = keyId(checkpoint.origin, privateKey);
  return `${text}\n${SIGNATURE_MARK}${checkpoint.origin} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

export interface NoteSignature {
  readonly keyName: string;
  readonly keyId: Buffer;
  readonly signature: Buffer;
}

export interface ParsedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The whole note, as read. */
  readonly note: string;
  /** The signed bytes: the three lines with their newlines. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Standard base64 (RFC 4648, section 4) in its one canonical spelling, or undefined. */
function canonicalBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** Where the first ASCII control character other than LF is (C2SP signed-note allows none), or -1. */
function firstControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x0a) || code === 0x7f) return i;
  }
  return -1;
}

/** The checkpoint and signatures of a note, checked for form only (no signature verified). */
export function parseCheckpoint(note: string | Uint8Array): Verdict<ParsedCheckpoint> {
  if (typeof note !== 'string' && !isUtf8(note)) return refuse('not UTF-8 (a byte was changed)');
  const all = typeof note === 'string' ? note : Buffer.from(note).toString('utf8');
  const control = firstControl(all);
  if (control >= 0) {
    const which = all[control] === '\r' ? 'a carriage return (a CRLF copy?)' : 'a control character';
    return refuse(`${which} at character ${control + 1}; a checkpoint has only LF line ends`);
  }
  if (!all.endsWith('\n')) return refuse('no newline at the end: the note was cut');
  const blank = all.lastIndexOf('\n\n');
  if (blank < 0) return refuse('no blank line before the signatures: not a signed note');
  const text = all.slice(0, blank + 1);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3)
    return refuse(`the note has ${lines.length} lines; a checkpoint has origin, size and root`);
  if (lines.length > 3) return refuse('line 4: an extension line; tally checkpoints have none');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  const originWrong = originProblem(origin);
  if (originWrong !== undefined) return refuse(`line 1: ${originWrong}`);
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    return refuse(`line 2: size "${sizeText}" is not a number of events (decimal, no leading zeros)`);
  }
  const root = canonicalBase64(rootText);
  if (root === undefined || root.length !== HASH_BYTES) {
    return refuse(`line 3: root "${rootText}" is not the base64 of a 32-byte SHA-256 hash`);
  }
  const signatureLines = all.slice(blank + 2, -1).split('\n');
  if (signatureLines.length > MAX_SIGNATURES) return refuse(`more than ${MAX_SIGNATURES} signatures`);
  const signatures: NoteSignature[] = [];
  for (const [i, line] of signatureLines.entries()) {
    const where = `signature line ${i + 1}`;
    const match = /^\u2014 ([^\s+]+) (\S+)$/u.exec(line);
    if (match === null) return refuse(`${where}: not "— <key name> <base64 signature>"`);
    const bytes = canonicalBase64(match[2] as string);
    if (bytes === undefined || bytes.length < 5)
      return refuse(`${where}: the signature is not base64 of a key ID and a signature`);
    signatures.push({
      keyName: match[1] as string,
      keyId: bytes.subarray(0, 4),
      signature: bytes.subarray(4),
    });
  }
  return accept({ checkpoint: { origin, size: Number(sizeText), root }, note: all, text, signatures });
}

/** The checkpoint of a signed note, once its signature by `publicKey` verifies. As C2SP
 * signed-note says, signatures by other keys (another key name or key ID) are ignored, a
 * signature by this key that does not verify refuses the note, and at least one must verify. */
export function verifyCheckpoint(note: string | Uint8Array, publicKey: KeyObject): Verdict<Checkpoint> {
  const parsed = parseCheckpoint(note);
  if (!parsed.ok) return parsed;
  const { checkpoint, text, signatures } = parsed.value;
  const id = keyId(checkpoint.origin, publicKey);
  const ours = signatures.filter((entry) => entry.keyName === checkpoint.origin && entry.keyId.equals(id));
  if (ours.length === 0) {
    const others = signatures.map((entry) => `${entry.keyName} (key ID ${entry.keyId.toString('hex')})`);
    return refuse(
      `not signed by this public key (key ${checkpoint.origin}, key ID ${id.toString('hex')}); signed by ${others.join(', ')}`,
    );
  }
  for (const entry of ours) {
    const valid =
      entry.signature.length === ED25519_SIGNATURE_BYTES &&
      verify(null, Buffer.from(text, 'utf8'), publicKey, entry.signature);
    if (!valid) return refuse('the signature does not verify: the note was changed after it was signed');
  }
  return accept(checkpoint);
}
