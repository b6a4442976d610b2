import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeEntityEventFast } from './fast-decode.js';
import { TallyEventCodec } from './TallyEventCodec.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
// Any digits, real dates or not: the fast path must accept exactly what the codec accepts as is.
const arbInstant = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
  )
  .map(([y, mo, d, h, mi, s]) => `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`);
const arbInstantSpelling = fc.oneof(
  arbInstant,
  fc
    .tuple(arbInstant, fc.stringMatching(/^\.[0-9]{0,4}$/))
    .map(([instant, fraction]) => `${instant.slice(0, -1)}${fraction}Z`),
  fc.constantFrom('2026-03-07T07:00:00.250Z', '2026-03-07T07:00:00.25Z', '2026-03-07T07:00:00+00:00', '', 7),
);
const arbId = fc.oneof(fc.string({ maxLength: 6 }), fc.constant(3));
const arbData = fc.oneof(
  fc.record({ deviceId: arbId, userId: arbId }),
  fc.record({ deviceId: arbId }),
  fc.record({ archiveId: arbId, deviceId: arbId }),
  fc.record({ archiveId: arbId, reason: fc.constantFrom('canceled', 'deactivation', 'oops') }),
  fc.record({ deviceId: arbId, extra: arbId }),
);
const arbJson = fc.record(
  {
    type: fc.constantFrom(
      'DeviceActivated',
      'DeviceDeactivated',
      'DeviceReactivated',
      'ArchiveCreated',
      'ArchivePurged',
      'LicenseCapSet',
    ),
    eventId: arbId,
    orgId: arbId,
    occurredAt: arbInstantSpelling,
    recordedAt: arbInstantSpelling,
    data: arbData,
    // Only 1 is a version of these types: the others must be left to the codec, which refuses them.
    schemaVersion: fc.constantFrom(1, 2, 0, '1', null),
  },
  { requiredKeys: ['type', 'eventId', 'orgId', 'occurredAt', 'data'] },
);

describe('decodeEntityEventFast', () => {
  test.prop([arbJson], { numRuns: 300 })('when it answers, it answers what the codec does', (json) => {
    const fast = decodeEntityEventFast(json);
    const codec = TallyEventCodec.decode(json);
    if (fast !== undefined) {
      expect(codec._tag).toBe('Right');
      expect(fast).toStrictEqual(codec._tag === 'Right' ? codec.right : undefined);
    }
  });

  it('takes a well-formed device event', () => {
    const json = {
      type: 'DeviceActivated',
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2024-02-29T23:59:59Z',
      recordedAt: '2024-03-01T00:00:00Z',
      data: { deviceId: 'd-1', userId: 'u-1' },
    };
    expect(decodeEntityEventFast(json)).toStrictEqual(json);
  });

  it('takes schemaVersion 1 and keeps it, as the codec does', () => {
    const json = {
      type: 'DeviceActivated',
      schemaVersion: 1,
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2024-02-29T23:59:59Z',
      recordedAt: '2024-03-01T00:00:00Z',
      data: { deviceId: 'd-1', userId: 'u-1' },
    };
    expect(decodeEntityEventFast(json)).toStrictEqual(json);
    expect(TallyEventCodec.decode(json)).toStrictEqual({ _tag: 'Right', right: json });
  });

  it.each([2, 0, '1'])('leaves schemaVersion %j to the codec, which refuses it', (schemaVersion) => {
    const json = {
      type: 'DeviceDeactivated',
      schemaVersion,
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2025-02-28T00:00:00Z',
      recordedAt: '2025-02-28T00:00:00Z',
      data: { deviceId: 'd-1' },
    };
    expect(decodeEntityEventFast(json)).toBeUndefined();
    expect(TallyEventCodec.decode(json)._tag).toBe('Left');
  });

  it('takes canonical instants with milliseconds', () => {
    const json = {
      type: 'ArchiveCreated',
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2024-02-29T23:59:59.5Z',
      recordedAt: '2024-03-01T00:00:00.007Z',
      data: { archiveId: 'a-1', deviceId: 'd-1' },
    };
    expect(decodeEntityEventFast(json)).toStrictEqual(json);
  });

  it.each([
    ['a day that does not exist', { occurredAt: '2025-02-29T00:00:00Z' }],
    ['a fraction the codec trims (left to it to normalise)', { occurredAt: '2025-02-28T00:00:00.500Z' }],
    ['an unknown field', { extra: 1 }],
  ])('leaves %s to the codec', (_, change) => {
    const json = {
      type: 'DeviceDeactivated',
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2025-02-28T00:00:00Z',
      recordedAt: '2025-02-28T00:00:00Z',
      data: { deviceId: 'd-1' },
      ...change,
    };
    expect(decodeEntityEventFast(json)).toBeUndefined();
  });
});
