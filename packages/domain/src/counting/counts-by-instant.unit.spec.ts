import { describe, expect, it } from 'vitest';
import type { Counts } from './counts.js';
import { countsByInstant } from './counts-by-instant.js';

const countsAtInstant = (at: string, billableDevices: number): Counts => ({
  at,
  activeDevices: billableDevices,
  billableDevices,
  licensesInUse: 0,
  licenseHolders: 0,
});

describe('countsByInstant', () => {
  const instants = ['2026-03-07T07:00:00Z', '2026-04-07T07:00:00.5Z'];
  const counts = [countsAtInstant(instants[0] as string, 3), countsAtInstant(instants[1] as string, 5)];
  const lookup = countsByInstant(instants, counts, 'test');

  it('finds the counts of each instant, whatever its spelling', () => {
    expect(lookup('2026-03-07T07:00:00Z').billableDevices).toBe(3);
    expect(lookup('2026-04-07T07:00:00.500Z').billableDevices).toBe(5);
  });

  it('names the owner and the instant when asked for one that was not counted', () => {
    expect(() => lookup('2026-05-07T07:00:00Z')).toThrow('test: no counts for 2026-05-07T07:00:00Z');
  });
});
