// Ed25519 key pairs as PEM files (node:crypto): the private key PKCS#8, the public key SPKI.
// A signed note names its key by name and a 4-byte key ID, which C2SP signed-note derives from
// the name and the raw 32-byte public key.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { accept, refuse, type Verdict } from './verdict.js';

export interface KeyPairPem {
  /** PKCS#8 PEM: keep it secret. */
  readonly privateKey: string;
  /** SPKI PEM: give it to whoever checks checkpoints. */
  readonly publicKey: string;
}

export function generateSigningKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** An Ed25519 private key from its PEM text, or why not. */
export function readPrivateKey(pem: string): Verdict<KeyObject> {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return refuse('not a PEM private key');
  }
  return key.asymmetricKeyType === 'ed25519'
    ? accept(key)
    : refuse(`an ${key.asymmetricKeyType} key, not an Ed25519 one`);
}

/** An Ed25519 public key from its PEM text, or why not. A private key is refused here: a
 * verifier given the secret key by mistake should say so, not use it. */
export function readPublicKey(pem: string): Verdict<KeyObject> {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return refuse('a private key: give the public key (the .pub file)');
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return refuse('not a PEM public key');
  }
  return key.asymmetricKeyType === 'ed25519'
    ? accept(key)
    : refuse(`an ${key.asymmetricKeyType} key, not an Ed25519 one`);
}

/** The 32 bytes of an Ed25519 public key (RFC 8032 encoding). */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url');
}

const ED25519_SIGNATURE_TYPE = 0x01;

/** SHA-256(key name || 0x0A || 0x01 || public key)[:4], the key ID of C2SP signed-note. */
export function keyId(name: string, key: KeyObject): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_SIGNATURE_TYPE]))
    .update(rawPublicKey(key))
    .digest()
    .subarray(0, 4);
}
