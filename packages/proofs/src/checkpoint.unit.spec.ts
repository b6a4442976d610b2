// Signed checkpoints: the note's bytes as C2SP tlog-checkpoint and signed-note lay them out
// (checked here by hand, not with the code under test), and every one-bit change refused.
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { leafHash } from './hash.js';
import { generateSigningKeyPair, keyId, readPrivateKey, readPublicKey } from './keys.js';

const pair = generateSigningKeyPair();
const privateKey = (() => {
  const read = readPrivateKey(pair.privateKey);
  if (!read.ok) throw new Error(read.problem);
  return read.value;
})();
const publicKey = createPublicKey(pair.publicKey);
const root = leafHash('root');
const checkpoint = { origin: 'tally/chemistry', size: 51, root };
const note = signCheckpoint(checkpoint, privateKey);

describe('a signed checkpoint', () => {
  it('is origin, size, base64 root, a blank line and one signature line', () => {
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual(['tally/chemistry', '51', root.toString('base64'), '']);
    expect(lines[5]).toBe('');
    expect(lines).toHaveLength(6);
    const [dash, name, signature] = (lines[4] as string).split(' ');
    expect(dash).toBe('\u2014');
    expect(name).toBe('tally/chemistry');
    const bytes = Buffer.from(signature as string, 'base64');
    expect(bytes).toHaveLength(68);
    // key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    const id = createHash('sha256').update('tally/chemistry\n\u0001').update(raw).digest().subarray(0, 4);
    expect(bytes.subarray(0, 4).toString('hex')).toBe(id.toString('hex'));
    expect(keyId('tally/chemistry', publicKey).toString('hex')).toBe(id.toString('hex'));
    // The signature is over the three lines with their newlines, nothing more.
    const text = Buffer.from(`tally/chemistry\n51\n${root.toString('base64')}\n`);
    expect(verify(null, text, publicKey, bytes.subarray(4))).toBe(true);
  });

  it('verifies with its public key, giving the tree head', () => {
    const verdict = verifyCheckpoint(note, publicKey);
    expect(verdict).toEqual({ ok: true, value: checkpoint });
    expect(verifyCheckpoint(Buffer.from(note), publicKey).ok).toBe(true);
  });

  it('is refused with any other key, and for any one-bit change of its bytes', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyCheckpoint(note, other)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not signed by this public key/),
    });
    const bytes = Buffer.from(note);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const copy = Buffer.from(bytes);
      copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(verifyCheckpoint(copy, publicKey).ok, `bit ${bit}`).toBe(false);
    }
  });

  it('ignores a signature by an unknown key, as C2SP signed-note asks, but not a bad one by its own key', () => {
    const witness = `\u2014 witness.example/w ${Buffer.alloc(68, 7).toString('base64')}\n`;
    expect(verifyCheckpoint(note + witness, publicKey).ok).toBe(true);
    const [, , , , line] = note.split('\n');
    const forged = `${line?.slice(0, -4)}AAA=`;
    expect(verifyCheckpoint(`${note}${forged}\n`, publicKey).ok).toBe(false);
  });

  it('is refused with a CR, an extension line, a size with a leading zero, or cut short', () => {
    const problems = [
      note.replace(/\n/g, '\r\n'),
      note.replace(`${root.toString('base64')}\n`, `${root.toString('base64')}\nextension\n`),
      note.replace('\n51\n', '\n051\n'),
      note.slice(0, -1),
      note.replace('tally/chemistry\n', 'tally/chem istry\n'),
    ].map((text) => parseCheckpoint(text));
    expect(problems.map((verdict) => verdict.ok)).toEqual([false, false, false, false, false]);
  });

  it('cannot be made for an origin a key name cannot hold', () => {
    expect(() => signCheckpoint({ ...checkpoint, origin: 'tally/a b' }, privateKey)).toThrow(/space/);
  });

  it('reads keys strictly', () => {
    expect(readPublicKey(pair.privateKey)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/private key/),
    });
    expect(readPublicKey('nonsense').ok).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(readPublicKey(rsa.toString())).toMatchObject({
      ok: false,
      problem: 'an rsa key, not an Ed25519 one',
    });
  });
});
