// A traced timeline of a large org copies whole: its event ids are copied in a loop (spread into
// push, 150,000 of them overflow the call stack).
import { describe, expect, it } from 'vitest';
import { epochMsToInstant } from '../time/instant.js';
import { type EntityEvent, EntityTimeline } from './timeline.js';

describe('a traced timeline of 150,000 devices', () => {
  it('clones with every change and its event id', () => {
    const timeline = new EntityTimeline({ traceEvents: true });
    const base = Date.UTC(2026, 2, 1);
    for (let i = 0; i < 150_000; i++) {
      const at = epochMsToInstant(base + i * 1000);
      const event: EntityEvent = {
        type: 'DeviceActivated',
        eventId: `e-${i}`,
        orgId: 'acme',
        occurredAt: at,
        recordedAt: at,
        data: { deviceId: `d-${i}`, userId: 'u-1' },
      };
      timeline.apply(event, base + i * 1000, base + i * 1000);
    }
    const copy = timeline.clone();
    expect(copy.activeDevices).toBe(150_000);
    expect(copy.changeEventIds).toEqual(timeline.changeEventIds);
    expect(copy.changeEventIds?.at(-1)).toBe('e-149999');
  });
});
