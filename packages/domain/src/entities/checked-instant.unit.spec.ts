import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { epochMsToInstant } from '../time/instant.js';
import { type EntityEvent, EntityTimeline } from './timeline.js';

// applyCheckedOrgEvent takes an entity event's occurredAt from the check that preceded it
// (`occurredMsOf`), not from a second parse: the instant must be that event's, never the
// instant of another event checked before it.
const instantMs = fc.integer({ min: 0, max: 253_402_300_799_000 });

function activation(eventId: string, occurredMs: number): EntityEvent {
  const at = epochMsToInstant(occurredMs);
  return {
    type: 'DeviceActivated',
    eventId,
    orgId: 'o-1',
    occurredAt: at,
    recordedAt: at,
    data: { deviceId: `d-${eventId}`, userId: 'u-1' },
  } as EntityEvent;
}

describe('EntityTimeline.occurredMsOf', () => {
  test.prop([instantMs, instantMs, fc.integer({ min: -5, max: 5 })])(
    "is the checked event's instant as checked, and any other event's own occurredAt",
    (firstMs, secondMs, offset) => {
      const timeline = new EntityTimeline();
      const checked = activation('e-1', firstMs);
      const other = activation('e-2', secondMs);
      // A caller may check at an instant of its own (a command's `at`): that is what it gets back.
      timeline.check(checked, firstMs + offset);
      expect(timeline.occurredMsOf(checked)).toBe(firstMs + offset);
      expect(timeline.occurredMsOf(other)).toBe(secondMs);
      timeline.check(other, secondMs);
      expect(timeline.occurredMsOf(checked)).toBe(firstMs);
      expect(timeline.occurredMsOf(other)).toBe(secondMs);
    },
  );
});
