import type { TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { bundleHeaderLine, verifyBundle } from './bundle.js';
import { signCheckpoint } from './checkpoint.js';
import { generateSigningKeyPair, readPrivateKey, readPublicKey } from './keys.js';
import { GENESIS_CHAIN } from './seal.js';
import { sealEvent } from './seal-event.js';
import { treeHead } from './tree.js';

const activated = (eventId: string, orgId: string, deviceId: string): TallyEvent => ({
  type: 'DeviceActivated',
  eventId,
  orgId,
  occurredAt: '2026-03-07T07:00:00Z',
  recordedAt: '2026-03-07T07:00:01Z',
  data: { deviceId, userId: 'u-1' },
});

/** A bundle of `events`, sealed and signed for org acme: only its events can be wrong. */
function bundleOf(events: readonly TallyEvent[]) {
  const pair = generateSigningKeyPair();
  const privateKey = readPrivateKey(pair.privateKey);
  const publicKey = readPublicKey(pair.publicKey);
  if (!privateKey.ok || !publicKey.ok) throw new Error('no key pair');
  let chain = GENESIS_CHAIN;
  const sealed = events.map((event) => {
    const line = sealEvent(event, chain);
    chain = line.chain;
    return line;
  });
  const root = treeHead(sealed.map((line) => line.canonical));
  const checkpoint = signCheckpoint({ origin: 'tally/acme', size: events.length, root }, privateKey.value);
  const header = bundleHeaderLine({ checkpoint, consistency: [], size: events.length });
  const text = [header, ...sealed.map((line) => line.text)].map((line) => `${line}\n`).join('');
  return { bytes: Buffer.from(text, 'utf8'), publicKey: publicKey.value };
}

describe('verifyBundle', () => {
  it("names the line and the eventId of an event the domain's checks refuse", () => {
    // A log starts with its registration: the first event breaks a rule, and is named.
    const { bytes, publicKey } = bundleOf([activated('e-1', 'acme', 'd-1')]);
    const verdict = verifyBundle(bytes, publicKey, 'b.bundle');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem).toMatch(/^b\.bundle:2: e-1: type: DeviceActivated comes before/);
  });
});
