import { test } from '@fast-check/vitest';
import { arbInvoiceIssued, arbTallyEvent } from '@tally/testing';
import { describe, expect, it } from 'vitest';
import { encodeEvent, serializeEvent } from './encode.js';
import { membersReversed } from './members-reversed.spec-helper.js';
import type { DeviceActivated, TallyEvent } from './types.js';

const ENVELOPE_ORDER = ['type', 'schemaVersion', 'eventId', 'orgId', 'occurredAt', 'recordedAt', 'data'];

// Key order of docs/wire-format.md#event-types-and-their-data (and #invoice); optional keys only when present.
const DATA_ORDER: Record<TallyEvent['type'], readonly string[]> = {
  OrganizationRegistered: [
    'name',
    'serialCode',
    'billingAccount',
    'timeZone',
    'currency',
    'rounding',
    'coldStorage',
  ],
  SubscriptionStarted: ['startDate', 'tallyLeadHours', 'plan', 'correctionWindowMonths'],
  SubscriptionRenewed: ['termStart', 'termYears', 'annualPricePerLicense', 'annualPricePerDevice'],
  SubscriptionCanceled: [],
  LicenseCapSet: ['cap'],
  DeviceActivated: ['deviceId', 'userId'],
  DeviceDeactivated: ['deviceId'],
  DeviceReactivated: ['deviceId'],
  ArchiveCreated: ['archiveId', 'deviceId'],
  ArchivePurged: ['archiveId', 'reason'],
  UserDeactivated: ['userId', 'reason'],
  InvoiceIssued: [
    'orgId',
    'billingDate',
    'currency',
    'asKnownAt',
    'number',
    'document',
    'lines',
    'total',
    'manifest',
  ],
};
const PLAN_ORDER = [
  'model',
  'billing',
  'annualPricePerLicense',
  'initialLicenses',
  'monthlyPricePerDevice',
  'termYears',
  'annualPricePerDevice',
  'devices',
  'maxDevicesPerUser',
  'tallySchedule',
];
const LINE_ORDER = ['kind', 'description', 'quantity', 'unitAmount', 'amount', 'servicePeriod', 'tallyAt'];

const inOrder = (keys: string[], order: readonly string[]) => order.filter((key) => keys.includes(key));

describe('encoded key order', () => {
  test.prop([arbTallyEvent()], { numRuns: 200 })('is fixed whatever the order of the input', (event) => {
    const json = encodeEvent(membersReversed(event)) as Record<string, unknown>;
    const keys = Object.keys(json);
    expect(keys).toEqual(inOrder(keys, ENVELOPE_ORDER));
    expect(Object.hasOwn(json, 'schemaVersion')).toBe(event.schemaVersion !== undefined);
    const data = json.data as Record<string, unknown>;
    const dataKeys = Object.keys(data);
    expect(dataKeys).toEqual(inOrder(dataKeys, DATA_ORDER[event.type]));
    if (event.type === 'SubscriptionStarted') {
      const planKeys = Object.keys(data.plan as object);
      expect(planKeys).toEqual(inOrder(planKeys, PLAN_ORDER));
    }
  });

  test.prop([arbInvoiceIssued()], { numRuns: 100 })('invoice lines follow the documented order', (event) => {
    const data = encodeEvent(membersReversed(event)).data as { lines: Record<string, unknown>[] };
    for (const line of data.lines) {
      expect(Object.keys(line)).toEqual(
        line.kind === 'adjustment' ? [...LINE_ORDER, 'corrects'] : LINE_ORDER,
      );
      expect(Object.keys(line.servicePeriod as object)).toEqual(['start', 'end']);
    }
  });

  test.prop([arbTallyEvent()], { numRuns: 100 })('serializeEvent is one line', (event) => {
    expect(serializeEvent(event)).not.toMatch(/\n/);
  });
});

describe('exact bytes', () => {
  it('writes a DeviceActivated event byte for byte, keys in wire order', () => {
    const event: DeviceActivated = {
      data: { userId: 'u-1', deviceId: 'd-1' },
      recordedAt: '2026-03-06T23:30:02Z',
      occurredAt: '2026-03-06T23:30:00Z',
      orgId: 'acme',
      eventId: 'uuid',
      type: 'DeviceActivated',
    };
    expect(serializeEvent(event)).toBe(
      '{"type":"DeviceActivated","eventId":"uuid","orgId":"acme","occurredAt":"2026-03-06T23:30:00Z",' +
        '"recordedAt":"2026-03-06T23:30:02Z","data":{"deviceId":"d-1","userId":"u-1"}}',
    );
  });

  it('leaves absent optional fields absent and drops keys no codec knows', () => {
    const event = {
      type: 'OrganizationRegistered',
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2026-01-01T00:00:00Z',
      recordedAt: '2026-01-01T00:00:00Z',
      data: {
        name: 'Acme',
        serialCode: 's',
        billingAccount: 'b',
        timeZone: 'UTC',
        currency: 'USD',
        coldStorage: false,
      },
      stray: 'not on the wire',
    } as TallyEvent;
    expect(JSON.stringify(encodeEvent(event))).toBe(
      '{"type":"OrganizationRegistered","eventId":"e-1","orgId":"acme","occurredAt":"2026-01-01T00:00:00Z",' +
        '"recordedAt":"2026-01-01T00:00:00Z","data":{"name":"Acme","serialCode":"s","billingAccount":"b",' +
        '"timeZone":"UTC","currency":"USD","coldStorage":false}}',
    );
  });

  test.prop([arbTallyEvent()], { numRuns: 50 })('the same event always gives the same bytes', (event) => {
    expect(serializeEvent(structuredClone(event))).toBe(serializeEvent(event));
  });
});
