import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { event, historyArbitrary, minute } from './counting.spec-helper.js';
import { foldEntityEvents, replayEntities } from './fold.js';
import { applyEntityEvent, createEntityState } from './state.js';

const splitHistory = fc.tuple(historyArbitrary({ sloppy: true }), fc.nat()).map(([events, cut]) => {
  const at = events.length === 0 ? 0 : cut % (events.length + 1);
  return [events.slice(0, at), events.slice(at)] as const;
});

describe('foldEntityEvents and replayEntities', () => {
  test.prop([splitHistory], { numRuns: 150 })(
    'fold(a ++ b) equals foldEntityEvents(fold(a), b)',
    ([a, b]) => {
      expect(foldEntityEvents(replayEntities(a), b)).toEqual(replayEntities([...a, ...b]));
    },
  );

  test.prop([historyArbitrary({ sloppy: true })], { numRuns: 100 })(
    'foldEntityEvents from an empty state equals the proxy-free replay',
    (events) => {
      expect(foldEntityEvents(createEntityState(), events)).toEqual(replayEntities(events));
    },
  );

  test.prop([splitHistory], { numRuns: 150 })(
    'changes neither the state nor the events it is given',
    ([a, b]) => {
      const state = replayEntities(a);
      const stateBefore = structuredClone(state);
      const eventsBefore = structuredClone(b);
      foldEntityEvents(state, b);
      expect(state).toEqual(stateBefore);
      expect(b).toEqual(eventsBefore);
    },
  );

  it('returns a new state and leaves the records it shares unfrozen (auto-freeze is off)', () => {
    const state = replayEntities([event('DeviceActivated', { deviceId: 'd-1', userId: 'u-1' }, minute(1))]);
    const next = foldEntityEvents(state, [event('DeviceDeactivated', { deviceId: 'd-1' }, minute(2))]);
    expect(next).not.toBe(state);
    expect(next.activeDevices).toBe(0);
    expect(state.activeDevices).toBe(1);
    expect(Object.isFrozen(state.users.get('u-1'))).toBe(false);
    expect(Object.isFrozen(next)).toBe(false);
    // The caller's replayed state can still be mutated afterwards.
    applyEntityEvent(state, event('DeviceActivated', { deviceId: 'd-2', userId: 'u-1' }, minute(3)));
    expect(state.activeDevices).toBe(2);
  });

  it('returns the same state for an empty batch', () => {
    const state = createEntityState();
    expect(foldEntityEvents(state, [])).toBe(state);
  });
});
