import { describe, expect, it } from 'vitest';
import type { Command } from './commands.js';
import { decide } from './decide.js';
import {
  activate,
  deactivate,
  deactivateUser,
  given,
  PER_DEVICE_MONTHLY,
  PER_DEVICE_YEARLY,
  PER_USER,
  purge,
  reactivate,
  recordArchive,
  register,
  setCap,
  start,
} from './decide.spec-helper.js';

function outcome(setup: Command[], command: Command): string {
  const decision = decide(command, given(setup).state);
  return decision._tag === 'Left' ? decision.left.code : 'accepted';
}

describe('license cap, per-user model (license holders)', () => {
  const twoHolders = [
    register(),
    start(PER_USER),
    activate('d-1', 'u-1'),
    recordArchive('a-1', 'd-1'),
    activate('d-2', 'u-2'),
  ];

  it('blocks a new holder once holders reach the cap', () => {
    expect(outcome([...twoHolders, setCap(2)], activate('d-3', 'u-3'))).toBe('LicenseCapReached');
  });

  it('lets an existing holder add devices past the cap (a device-only holder too)', () => {
    expect(outcome([...twoHolders, setCap(2)], activate('d-3', 'u-1'))).toBe('accepted');
    expect(outcome([...twoHolders, setCap(2)], activate('d-3', 'u-2'))).toBe('accepted');
  });

  it('admits a new holder below the cap', () => {
    expect(outcome([...twoHolders, setCap(3)], activate('d-3', 'u-3'))).toBe('accepted');
  });

  it('counts a user with only a cold-storage archive as a holder', () => {
    const setup = [...twoHolders, deactivate('d-1'), setCap(2)];
    expect(outcome(setup, activate('d-3', 'u-3'))).toBe('LicenseCapReached');
    expect(outcome(setup, reactivate('d-1'))).toBe('accepted');
  });

  it('a reactivation that makes a user a holder again is held to the cap', () => {
    // u-2's only device is deactivated and has no archive: u-2 holds nothing.
    const setup = [...twoHolders, deactivate('d-2'), activate('d-3', 'u-3'), setCap(2)];
    expect(outcome(setup, reactivate('d-2'))).toBe('LicenseCapReached');
  });

  it('frees a slot when a user is canceled', () => {
    const setup = [...twoHolders, setCap(2), deactivateUser('u-1', 'canceled')];
    expect(outcome(setup, activate('d-3', 'u-3'))).toBe('accepted');
  });

  it('allows lowering the cap below current use, which blocks only new holders', () => {
    expect(outcome(twoHolders, setCap(1))).toBe('accepted');
    const lowered = [...twoHolders, setCap(1)];
    expect(outcome(lowered, activate('d-3', 'u-3'))).toBe('LicenseCapReached');
    expect(outcome(lowered, activate('d-3', 'u-1'))).toBe('accepted');
    expect(outcome(lowered, recordArchive('a-2', 'd-2'))).toBe('accepted');
  });

  it('removing the cap lifts the block', () => {
    expect(outcome([...twoHolders, setCap(2), setCap(null)], activate('d-3', 'u-3'))).toBe('accepted');
  });
});

describe('license cap, per-device model (billable devices)', () => {
  const twoBillable = [register(), start(PER_DEVICE_MONTHLY), activate('d-1', 'u-1'), activate('d-2', 'u-2')];

  it('blocks any new device once billable devices reach the cap, even for the same user', () => {
    expect(outcome([...twoBillable, setCap(2)], activate('d-3', 'u-3'))).toBe('LicenseCapReached');
    expect(outcome([...twoBillable, setCap(2)], activate('d-3', 'u-1'))).toBe('LicenseCapReached');
  });

  it('admits a device below the cap', () => {
    expect(outcome([...twoBillable, setCap(3)], activate('d-3', 'u-1'))).toBe('accepted');
  });

  it('counts a deactivated device in cold storage until its archive is purged', () => {
    const cold = [...twoBillable, recordArchive('a-1', 'd-1'), deactivate('d-1'), setCap(2)];
    expect(outcome(cold, activate('d-3', 'u-3'))).toBe('LicenseCapReached');
    expect(outcome([...cold, purge('a-1')], activate('d-3', 'u-3'))).toBe('accepted');
  });

  it('lets a cold-storage device come back at the cap (it is billable already), not a plain deactivated one', () => {
    const cold = [...twoBillable, recordArchive('a-1', 'd-1'), deactivate('d-1'), setCap(2)];
    expect(outcome(cold, reactivate('d-1'))).toBe('accepted');
    const plain = [...twoBillable, deactivate('d-2'), activate('d-3', 'u-3'), setCap(2)];
    expect(outcome(plain, reactivate('d-2'))).toBe('LicenseCapReached');
  });

  it('allows lowering the cap below current use, which blocks only new devices', () => {
    expect(outcome(twoBillable, setCap(1))).toBe('accepted');
    expect(outcome([...twoBillable, setCap(1)], activate('d-3', 'u-1'))).toBe('LicenseCapReached');
    expect(outcome([...twoBillable, setCap(1)], recordArchive('a-1', 'd-1'))).toBe('accepted');
  });

  it('applies to yearly plans the same way', () => {
    const yearly = [register(), start(PER_DEVICE_YEARLY), activate('d-1', 'u-1'), setCap(1)];
    expect(outcome(yearly, activate('d-2', 'u-2'))).toBe('LicenseCapReached');
  });
});
