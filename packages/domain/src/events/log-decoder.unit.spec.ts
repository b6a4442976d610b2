import { test } from '@fast-check/vitest';
import { arbDeviceActivated, arbOrganizationRegistered } from '@tally/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeEvent } from './encode.js';
import { formatLogLineError } from './errors.js';
import { createLogDecoder } from './log-decoder.js';

const head = (type: string, orgId: string, eventId: string) =>
  `"type":"${type}","eventId":"${eventId}","orgId":"${orgId}","occurredAt":"2026-03-01T00:00:00Z","recordedAt":"2026-03-01T00:00:00Z"`;
const registered = (orgId: string, currency: string) =>
  `{${head('OrganizationRegistered', orgId, `reg-${orgId}`)},"data":{"name":"${orgId}","serialCode":"s","billingAccount":"b","timeZone":"UTC","currency":"${currency}","coldStorage":true}}`;
const monthly = (orgId: string, price: string) =>
  `{${head('SubscriptionStarted', orgId, `sub-${orgId}`)},"data":{"startDate":"2026-03-09","plan":{"model":"per-device","billing":"monthly","monthlyPricePerDevice":"${price}"}}}`;

describe('createLogDecoder', () => {
  it("checks each org's prices against the currency of its registration", () => {
    const decoder = createLogDecoder();
    expect(decoder.decodeLine(registered('acme', 'USD'), 1)._tag).toBe('Right');
    expect(decoder.decodeLine(registered('kuwait', 'KWD'), 2)._tag).toBe('Right');
    expect(decoder.currencyOf('acme')).toBe('USD');
    expect(decoder.decodeLine(monthly('kuwait', '10.005'), 3)._tag).toBe('Right');
    expect(decoder.decodeLine(monthly('acme', '10.005'), 4)).toEqual({
      _tag: 'Left',
      left: {
        message: 'data.plan.monthlyPricePerDevice: "10.005" has more decimals than USD allows',
        path: 'data.plan.monthlyPricePerDevice',
        eventId: 'sub-acme',
        type: 'SubscriptionStarted',
        line: 4,
      },
    });
  });

  it('before a registration only the 3-decimal rule applies', () => {
    const decoder = createLogDecoder();
    expect(decoder.decodeLine(monthly('acme', '10.005'), 1)._tag).toBe('Right');
    expect(decoder.decodeLine(monthly('acme', '10.0005'), 2)._tag).toBe('Left');
  });

  it('a second registration does not change the currency (refusing it is the deciders’ job)', () => {
    const decoder = createLogDecoder();
    decoder.decodeLine(registered('acme', 'USD'), 1);
    expect(decoder.decodeLine(registered('acme', 'KWD'), 2)._tag).toBe('Right');
    expect(decoder.currencyOf('acme')).toBe('USD');
  });

  it('a refused registration teaches nothing', () => {
    const decoder = createLogDecoder();
    expect(decoder.decodeLine(registered('acme', 'usd'), 1)._tag).toBe('Left');
    expect(decoder.currencyOf('acme')).toBeUndefined();
  });

  it('reports the line number of a broken line, and formats it for people', () => {
    const decoder = createLogDecoder();
    const result = decoder.decodeLine('{"type":"DeviceActivated"', 17);
    // The reason after the colon is V8's and varies between Node versions.
    expect(result).toEqual({
      _tag: 'Left',
      left: { message: expect.stringMatching(/^not valid JSON: \S/), path: '', line: 17 },
    });
    expect(decoder.decodeLine('', 18)).toMatchObject({
      left: { message: 'not valid JSON: empty line', line: 18 },
    });
    const missing = decoder.decodeLine(
      `{${head('DeviceActivated', 'acme', 'e-9')},"data":{"userId":"u-1"}}`,
      19,
    );
    if (missing._tag === 'Right') throw new Error('expected a Left');
    expect(formatLogLineError(missing.left)).toBe(
      'line 19 (event e-9, DeviceActivated): data.deviceId: missing',
    );
  });

  test.prop(
    [
      arbOrganizationRegistered({ orgId: 'acme' }),
      fc.array(arbDeviceActivated({ orgId: 'acme' }), { maxLength: 5 }),
    ],
    { numRuns: 50 },
  )('decodes a valid log line by line to the same events', (registration, devices) => {
    const decoder = createLogDecoder();
    const events = [registration, ...devices];
    events.forEach((event, index) => {
      expect(decoder.decodeLine(serializeEvent(event), index + 1)).toEqual({ _tag: 'Right', right: event });
    });
  });
});
