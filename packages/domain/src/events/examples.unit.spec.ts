// One wire example per event type of docs/wire-format.md, decoded to the expected event and written
// back to the same bytes.
import { describe, expect, it } from 'vitest';
import { decodeEventLine } from './decode.js';
import { serializeEvent } from './encode.js';
import { upcastInvoiceIssuedV1 } from './InvoiceIssued.js';
import { EVENT_TYPES } from './TallyEventCodec.js';

const envelope = (type: string) =>
  `"type":"${type}","eventId":"7f3a","orgId":"acme","occurredAt":"2026-03-06T23:30:00Z","recordedAt":"2026-03-06T23:30:02Z"`;
const line = (type: string, data: string) => `{${envelope(type)},"data":${data}}`;

const EXAMPLES: [string, string][] = [
  [
    'OrganizationRegistered',
    '{"name":"Acme Corp","serialCode":"SC-1","billingAccount":"BA-9","timeZone":"America/Los_Angeles","currency":"USD","rounding":"half-even","coldStorage":true}',
  ],
  [
    'OrganizationRegistered',
    '{"name":"Acme","serialCode":"S","billingAccount":"B","timeZone":"Asia/Tokyo","currency":"JPY","coldStorage":false}',
  ],
  [
    'SubscriptionStarted',
    '{"startDate":"2026-01-31","tallyLeadHours":48,"plan":{"model":"per-user","annualPricePerLicense":"1000.00","initialLicenses":25,"maxDevicesPerUser":4,"tallySchedule":[{"month":2,"day":15},{"month":5,"day":15},{"month":8,"day":15},{"month":11,"day":15}]}}',
  ],
  [
    'SubscriptionStarted',
    '{"startDate":"2026-03-09","plan":{"model":"per-device","billing":"monthly","monthlyPricePerDevice":"10.00"}}',
  ],
  [
    'SubscriptionStarted',
    '{"startDate":"2025-03-15","plan":{"model":"per-device","billing":"yearly","termYears":2,"annualPricePerDevice":"120.00","devices":10,"maxDevicesPerUser":3}}',
  ],
  ['SubscriptionRenewed', '{"termStart":"2027-03-15","termYears":1,"annualPricePerDevice":"125.00"}'],
  ['SubscriptionRenewed', '{"termStart":"2027-01-31","annualPricePerLicense":"1100.00"}'],
  ['SubscriptionRenewed', '{"termStart":"2027-01-31"}'],
  ['SubscriptionCanceled', '{}'],
  ['LicenseCapSet', '{"cap":50}'],
  ['LicenseCapSet', '{"cap":null}'],
  ['DeviceActivated', '{"deviceId":"d-1","userId":"u-1"}'],
  ['DeviceDeactivated', '{"deviceId":"d-1"}'],
  ['DeviceReactivated', '{"deviceId":"d-1"}'],
  ['ArchiveCreated', '{"archiveId":"a-1","deviceId":"d-1"}'],
  ['ArchivePurged', '{"archiveId":"a-1","reason":"cold-storage-purge"}'],
  ['UserDeactivated', '{"userId":"u-1","reason":"canceled"}'],
  [
    'InvoiceIssued',
    '{"orgId":"acme","billingDate":"2026-03-09","currency":"USD","asKnownAt":"2026-11-22T00:00:00Z","lines":[{"kind":"devices","description":"12 devices × 10.00","quantity":12,"unitAmount":"10.00","amount":"120.00","servicePeriod":{"start":"2026-03-09","end":"2026-04-09"},"tallyAt":"2026-03-07T07:00:00Z"}],"total":"120.00"}',
  ],
  [
    'InvoiceIssued',
    '{"orgId":"acme","billingDate":"2026-01-31","currency":"JPY","asKnownAt":"2026-02-01T00:00:00Z","lines":[{"kind":"installment","description":"3 licenses × 8333","quantity":3,"unitAmount":"8333","amount":"24999","servicePeriod":{"start":"2026-01-31","end":"2026-02-28"},"tallyAt":null}],"total":"24999"}',
  ],
];

describe('wire examples (docs/wire-format.md)', () => {
  it.each(EXAMPLES)('%s %s', (type, data) => {
    const text = line(type, data);
    const decoded = decodeEventLine(text);
    const json = { ...JSON.parse(text), type };
    // A version-1 invoice is read as the current version (docs/wire-format.md#versions).
    const read =
      type === 'InvoiceIssued' && json.schemaVersion === undefined ? upcastInvoiceIssuedV1(json) : json;
    expect(decoded).toEqual({ _tag: 'Right', right: read });
    if (decoded._tag === 'Right') expect(serializeEvent(decoded.right)).toBe(text);
  });

  it('covers every event type', () => {
    expect(new Set(EXAMPLES.map(([type]) => type))).toEqual(new Set(EVENT_TYPES));
  });

  it('the DeviceActivated example decodes to its fields', () => {
    const decoded = decodeEventLine(line('DeviceActivated', '{"deviceId":"d-1","userId":"u-1"}'));
    expect(decoded).toEqual({
      _tag: 'Right',
      right: {
        type: 'DeviceActivated',
        eventId: '7f3a',
        orgId: 'acme',
        occurredAt: '2026-03-06T23:30:00Z',
        recordedAt: '2026-03-06T23:30:02Z',
        data: { deviceId: 'd-1', userId: 'u-1' },
      },
    });
  });
});
