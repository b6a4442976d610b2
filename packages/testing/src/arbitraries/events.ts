// One arbitrary per event type, each producing a VALID event (decodable with no currency
// context, and with its own currency's context where the event names one), and `arbTallyEvent`
// over all of them. Objects are built in wire key order, optional fields sometimes absent.
import {
  type AdjustmentLineJson,
  type ArchiveCreated,
  type ArchivePurged,
  type DeviceActivated,
  type DeviceDeactivated,
  type DeviceReactivated,
  type InvoiceIssued,
  type InvoiceIssuedV2,
  type InvoiceLineJson,
  type LicenseCapSet,
  type OrganizationRegistered,
  type Plan,
  type SubscriptionCanceled,
  type SubscriptionRenewed,
  type SubscriptionStarted,
  type TallyEvent,
  type TallyEventType,
  type UserDeactivated,
  upcastInvoiceV1,
} from '@tally/domain';
import fc from 'fast-check';
import {
  arbCivilDate,
  arbCurrency,
  arbId,
  arbInstant,
  arbMinorUnits,
  arbMoney,
  arbTimeZone,
  civilDateOfDays,
  digitsOf,
  formatMinor,
} from './primitives.js';

export interface EventOptions {
  /** The organization's currency: prices get at most its digits. Absent: 0 to 3 digits. */
  readonly currency?: string;
  readonly orgId?: string;
}

type Envelope<Type extends TallyEventType> = {
  type: Type;
  eventId: string;
  orgId: string;
  occurredAt: string;
  recordedAt: string;
};

function arbEnvelope<Type extends TallyEventType>(
  type: Type,
  options: EventOptions,
): fc.Arbitrary<Envelope<Type>> {
  return fc.record({
    type: fc.constant(type),
    eventId: fc.uuid(),
    orgId: options.orgId === undefined ? arbId('org') : fc.constant(options.orgId),
    occurredAt: arbInstant(),
    recordedAt: arbInstant(),
  });
}

function withData<Type extends TallyEventType, Data>(
  type: Type,
  data: fc.Arbitrary<Data>,
  options: EventOptions,
): fc.Arbitrary<Envelope<Type> & { data: Data }> {
  return fc.tuple(arbEnvelope(type, options), data).map(([envelope, d]) => ({ ...envelope, data: d }));
}

function arbPrice(options: EventOptions): fc.Arbitrary<string> {
  return options.currency === undefined
    ? fc.integer({ min: 0, max: 3 }).chain((digits) => arbMoney(digits))
    : arbMoney(digitsOf(options.currency));
}

const arbName = () => fc.string({ minLength: 1, maxLength: 12 });

export function arbOrganizationRegistered(options: EventOptions = {}): fc.Arbitrary<OrganizationRegistered> {
  const data = fc.record(
    {
      name: arbName(),
      serialCode: arbId('serial'),
      billingAccount: arbId('acct'),
      timeZone: arbTimeZone(),
      currency: options.currency === undefined ? arbCurrency() : fc.constant(options.currency),
      rounding: fc.constantFrom('half-up' as const, 'half-even' as const),
      coldStorage: fc.boolean(),
    },
    { requiredKeys: ['name', 'serialCode', 'billingAccount', 'timeZone', 'currency', 'coldStorage'] },
  );
  return withData('OrganizationRegistered', data, options);
}

// Tally dates that exist every year (February stops at 28), without repeats.
const arbTallySchedule = () =>
  fc.uniqueArray(
    fc
      .integer({ min: 1, max: 12 })
      .chain((month) =>
        fc.record({ month: fc.constant(month), day: fc.integer({ min: 1, max: month === 2 ? 28 : 30 }) }),
      ),
    { minLength: 1, maxLength: 4, selector: ({ month, day }) => `${month}-${day}` },
  );

export function arbPlan(options: EventOptions = {}): fc.Arbitrary<Plan> {
  const maxDevicesPerUser = fc.integer({ min: 1, max: 10 });
  const perUser = fc.record(
    {
      model: fc.constant('per-user' as const),
      annualPricePerLicense: arbPrice(options),
      initialLicenses: fc.nat({ max: 500 }),
      maxDevicesPerUser,
      tallySchedule: arbTallySchedule(),
    },
    { requiredKeys: ['model', 'annualPricePerLicense', 'initialLicenses'] },
  );
  const monthly = fc.record(
    {
      model: fc.constant('per-device' as const),
      billing: fc.constant('monthly' as const),
      monthlyPricePerDevice: arbPrice(options),
      maxDevicesPerUser,
    },
    { requiredKeys: ['model', 'billing', 'monthlyPricePerDevice'] },
  );
  const yearly = fc.record(
    {
      model: fc.constant('per-device' as const),
      billing: fc.constant('yearly' as const),
      termYears: fc.constantFrom(1 as const, 2 as const),
      annualPricePerDevice: arbPrice(options),
      devices: fc.nat({ max: 500 }),
      maxDevicesPerUser,
    },
    { requiredKeys: ['model', 'billing', 'termYears', 'annualPricePerDevice', 'devices'] },
  );
  return fc.oneof(perUser, monthly, yearly);
}

export function arbSubscriptionStarted(options: EventOptions = {}): fc.Arbitrary<SubscriptionStarted> {
  const data = fc.record(
    {
      startDate: arbCivilDate(),
      tallyLeadHours: fc.nat({ max: 96 }),
      plan: arbPlan(options),
      correctionWindowMonths: fc.nat({ max: 24 }),
    },
    { requiredKeys: ['startDate', 'plan'] },
  );
  return withData('SubscriptionStarted', data, options);
}

export function arbSubscriptionRenewed(options: EventOptions = {}): fc.Arbitrary<SubscriptionRenewed> {
  const termYears = fc.constantFrom(1 as const, 2 as const);
  // A renewal changes at most one price: the per-user or the per-device one.
  const data = fc.oneof(
    fc.record(
      { termStart: arbCivilDate(), termYears, annualPricePerLicense: arbPrice(options) },
      { requiredKeys: ['termStart'] },
    ),
    fc.record(
      { termStart: arbCivilDate(), termYears, annualPricePerDevice: arbPrice(options) },
      { requiredKeys: ['termStart'] },
    ),
  );
  return withData('SubscriptionRenewed', data, options);
}

export function arbSubscriptionCanceled(options: EventOptions = {}): fc.Arbitrary<SubscriptionCanceled> {
  return withData('SubscriptionCanceled', fc.constant({}), options);
}

export function arbLicenseCapSet(options: EventOptions = {}): fc.Arbitrary<LicenseCapSet> {
  return withData(
    'LicenseCapSet',
    fc.record({ cap: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }) }),
    options,
  );
}

export function arbDeviceActivated(options: EventOptions = {}): fc.Arbitrary<DeviceActivated> {
  return withData('DeviceActivated', fc.record({ deviceId: arbId('d'), userId: arbId('u') }), options);
}

export function arbDeviceDeactivated(options: EventOptions = {}): fc.Arbitrary<DeviceDeactivated> {
  return withData('DeviceDeactivated', fc.record({ deviceId: arbId('d') }), options);
}

export function arbDeviceReactivated(options: EventOptions = {}): fc.Arbitrary<DeviceReactivated> {
  return withData('DeviceReactivated', fc.record({ deviceId: arbId('d') }), options);
}

export function arbArchiveCreated(options: EventOptions = {}): fc.Arbitrary<ArchiveCreated> {
  return withData('ArchiveCreated', fc.record({ archiveId: arbId('a'), deviceId: arbId('d') }), options);
}

export function arbArchivePurged(options: EventOptions = {}): fc.Arbitrary<ArchivePurged> {
  const reason = fc.constantFrom(
    'cold-storage-purge' as const,
    'retention-expired' as const,
    'deactivation' as const,
    'canceled' as const,
    'ineligible' as const,
  );
  return withData('ArchivePurged', fc.record({ archiveId: arbId('a'), reason }), options);
}

export function arbUserDeactivated(options: EventOptions = {}): fc.Arbitrary<UserDeactivated> {
  const reason = fc.constantFrom('canceled' as const, 'ineligible' as const, 'admin' as const);
  return withData('UserDeactivated', fc.record({ userId: arbId('u'), reason }), options);
}

function arbInvoiceLine(digits: number): fc.Arbitrary<InvoiceLineJson> {
  return fc
    .record({
      kind: fc.constantFrom(
        'installment' as const,
        'devices' as const,
        'minimum' as const,
        'term' as const,
        'overage' as const,
      ),
      quantity: fc.nat({ max: 100 }),
      unitMinor: arbMinorUnits(digits),
      startDays: fc.integer({ min: 10_957, max: 47_000 }),
      lengthDays: fc.integer({ min: 1, max: 731 }),
      tallyAt: fc.option(arbInstant(), { nil: null }),
    })
    .map(({ kind, quantity, unitMinor, startDays, lengthDays, tallyAt }) => ({
      kind,
      description: `${quantity} × ${formatMinor(unitMinor, digits)}`,
      quantity,
      unitAmount: formatMinor(unitMinor, digits),
      amount: formatMinor(unitMinor * BigInt(quantity), digits),
      servicePeriod: { start: civilDateOfDays(startDays), end: civilDateOfDays(startDays + lengthDays) },
      tallyAt,
    }));
}

function arbAdjustmentLine(digits: number): fc.Arbitrary<AdjustmentLineJson> {
  return fc
    .record({
      kind: fc.constantFrom(
        'installment' as const,
        'devices' as const,
        'minimum' as const,
        'overage' as const,
      ),
      quantity: fc.integer({ min: -20, max: 20 }),
      amountMinor: arbMinorUnits(digits, { signed: true }),
      startDays: fc.integer({ min: 10_957, max: 47_000 }),
      lengthDays: fc.integer({ min: 1, max: 731 }),
      tallyAt: fc.option(arbInstant(), { nil: null }),
      invoiceNumber: fc.integer({ min: 1, max: 99 }).map((n) => `S-${n}`),
    })
    .map(({ kind, quantity, amountMinor, startDays, lengthDays, tallyAt, invoiceNumber }) => {
      const start = civilDateOfDays(startDays);
      return {
        kind: 'adjustment' as const,
        description: `correction of ${invoiceNumber} (${start}): ${kind}`,
        quantity,
        unitAmount: null,
        amount: formatMinor(amountMinor, digits),
        servicePeriod: { start, end: civilDateOfDays(startDays + lengthDays) },
        tallyAt,
        corrects: { invoiceNumber, billingDate: start, kind },
      };
    });
}

const minorOf = (amount: string): bigint => BigInt(amount.replace('.', ''));

/** An issued invoice that adds up: exact digits, total = sum of the lines, data.orgId = orgId.
 * Version 1 (`schemaVersion` absent or 1, read with no number and no adjustments) or version 2
 * (a number, adjustment lines after the invoice's own, a credit note when the total is negative,
 * a manifest or null). */
export function arbInvoiceIssued(options: EventOptions = {}): fc.Arbitrary<InvoiceIssued> {
  return fc.oneof(arbInvoiceIssuedV1(options), arbInvoiceIssuedV2(options));
}

/** A version-1 InvoiceIssued, as read (upcast). */
export function arbInvoiceIssuedV1(options: EventOptions = {}): fc.Arbitrary<InvoiceIssued> {
  const currency = options.currency === undefined ? arbCurrency() : fc.constant(options.currency);
  return fc
    .tuple(arbEnvelope('InvoiceIssued', options), currency, fc.boolean())
    .chain(([envelope, code, tagged]) =>
      fc
        .record({
          billingDate: arbCivilDate(),
          asKnownAt: arbInstant(),
          lines: fc.array(arbInvoiceLine(digitsOf(code)), { maxLength: 3 }),
        })
        .map(({ billingDate, asKnownAt, lines }) => {
          const total = lines.reduce((sum, line) => sum + minorOf(line.amount), 0n);
          const { type, ...rest } = envelope;
          return {
            type,
            ...(tagged ? { schemaVersion: 1 as const } : {}),
            ...rest,
            data: upcastInvoiceV1({
              orgId: envelope.orgId,
              billingDate,
              currency: code,
              asKnownAt,
              lines,
              total: formatMinor(total, digitsOf(code)),
            }),
          };
        }),
    );
}

/** A version-2 InvoiceIssued. */
export function arbInvoiceIssuedV2(options: EventOptions = {}): fc.Arbitrary<InvoiceIssuedV2> {
  const currency = options.currency === undefined ? arbCurrency() : fc.constant(options.currency);
  return fc.tuple(arbEnvelope('InvoiceIssued', options), currency).chain(([envelope, code]) =>
    fc
      .record({
        billingDate: arbCivilDate(),
        asKnownAt: arbInstant(),
        number: fc.integer({ min: 1, max: 999 }).map((n) => `S-${n}`),
        lines: fc.array(arbInvoiceLine(digitsOf(code)), { maxLength: 3 }),
        adjustments: fc.array(arbAdjustmentLine(digitsOf(code)), { maxLength: 3 }),
        manifest: fc.option(
          fc.record({
            engineVersion: arbId('engine'),
            rulesVersion: arbId('rules'),
            tzdbVersion: arbId('tz'),
          }),
          { nil: null },
        ),
      })
      .map(({ billingDate, asKnownAt, number, lines, adjustments, manifest }) => {
        const all = [...lines, ...adjustments];
        const total = all.reduce((sum, line) => sum + minorOf(line.amount), 0n);
        const { type, ...rest } = envelope;
        return {
          type,
          schemaVersion: 2 as const,
          ...rest,
          data: {
            orgId: envelope.orgId,
            billingDate,
            currency: code,
            asKnownAt,
            number,
            document: total < 0n ? ('credit-note' as const) : ('invoice' as const),
            lines: all,
            total: formatMinor(total, digitsOf(code)),
            manifest,
          },
        };
      }),
  );
}

/** Any valid event of any type (each decodes without a currency context). */
export function arbTallyEvent(options: EventOptions = {}): fc.Arbitrary<TallyEvent> {
  return fc.oneof(
    arbOrganizationRegistered(options),
    arbSubscriptionStarted(options),
    arbSubscriptionRenewed(options),
    arbSubscriptionCanceled(options),
    arbLicenseCapSet(options),
    arbDeviceActivated(options),
    arbDeviceDeactivated(options),
    arbDeviceReactivated(options),
    arbArchiveCreated(options),
    arbArchivePurged(options),
    arbUserDeactivated(options),
    arbInvoiceIssued(options),
  );
}
