// Invalid input for fuzzers, each line paired with what is wrong with it and the field path a
// decoder must name. Built by breaking one thing in a small valid event, so a shrunk
// counterexample shows exactly one problem.
import { encodeEvent, type TallyEvent, type TallyEventType } from '@tally/domain';
import fc from 'fast-check';
import {
  arbDeviceActivated,
  arbOrganizationRegistered,
  arbSubscriptionRenewed,
  arbSubscriptionStarted,
  arbTallyEvent,
} from './events.js';

export type MalformedKind =
  | 'truncated-json'
  | 'not-an-object'
  | 'wrong-type'
  | 'missing-field'
  | 'unknown-type'
  | 'unknown-field'
  | 'bad-instant'
  | 'bad-date'
  | 'bad-zone'
  | 'too-many-decimals';

export interface MalformedLine {
  /** One JSONL line, without its newline. */
  readonly line: string;
  readonly kind: MalformedKind;
  /** The path the decoder's error must name (`''` for the whole line). */
  readonly path: string;
  /** What was broken, for a person reading a counterexample. */
  readonly what: string;
}

type Json = Record<string, unknown>;

const ENVELOPE_FIELDS = ['eventId', 'orgId', 'occurredAt', 'recordedAt', 'data'] as const;

/** Required data fields, by type (docs/wire-format.md#event-types-and-their-data). */
const REQUIRED_DATA: Readonly<Record<TallyEventType, readonly string[]>> = {
  OrganizationRegistered: ['name', 'serialCode', 'billingAccount', 'timeZone', 'currency', 'coldStorage'],
  SubscriptionStarted: ['startDate', 'plan'],
  SubscriptionRenewed: ['termStart'],
  SubscriptionCanceled: [],
  LicenseCapSet: ['cap'],
  DeviceActivated: ['deviceId', 'userId'],
  DeviceDeactivated: ['deviceId'],
  DeviceReactivated: ['deviceId'],
  ArchiveCreated: ['archiveId', 'deviceId'],
  ArchivePurged: ['archiveId', 'reason'],
  UserDeactivated: ['userId', 'reason'],
  InvoiceIssued: ['orgId', 'billingDate', 'currency', 'asKnownAt', 'lines', 'total'],
};

// The event as written on the wire (a version-1 invoice without the fields its upcast adds).
const toJson = (event: TallyEvent): Json => JSON.parse(JSON.stringify(encodeEvent(event))) as Json;
const dataOf = (json: Json): Json => json.data as Json;

/** Required fields of an event, as paths: `eventId`, `data.deviceId`. */
const requiredPaths = (event: TallyEvent): string[] => [
  'type',
  ...ENVELOPE_FIELDS,
  ...(REQUIRED_DATA[event.type] ?? []).map((key) => `data.${key}`),
  ...(event.type === 'InvoiceIssued' && event.schemaVersion === 2
    ? ['data.number', 'data.document', 'data.manifest']
    : []),
];

function setAt(json: Json, path: string, value: unknown): Json {
  const [head, key] = path.split('.') as [string, string | undefined];
  if (key === undefined) return { ...json, [head]: value };
  return { ...json, [head]: { ...(json[head] as Json), [key]: value } };
}

function deleteAt(json: Json, path: string): Json {
  const [head, key] = path.split('.') as [string, string | undefined];
  if (key === undefined) {
    const { [head]: _removed, ...rest } = json;
    return rest;
  }
  const { [key]: _removed, ...rest } = json[head] as Json;
  return { ...json, [head]: rest };
}

function getAt(json: Json, path: string): unknown {
  const [head, key] = path.split('.') as [string, string | undefined];
  return key === undefined ? json[head] : (json[head] as Json)[key];
}

/** A value of another JSON type than `value`. */
// Never null in place of a value: some fields are nullable (`data.cap`, a line's `tallyAt`), so
// null there is a valid value, not a wrong type.
function arbWrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  if (typeof value === 'string') return fc.constantFrom<unknown>(42, true, [], {});
  if (typeof value === 'number') return fc.constantFrom<unknown>(String(value), true, []);
  if (typeof value === 'boolean') return fc.constantFrom<unknown>(String(value), 1);
  if (value === null) return fc.constantFrom<unknown>('none', false, []);
  if (Array.isArray(value)) return fc.constantFrom<unknown>('[]', 1, {});
  return fc.constantFrom<unknown>('{}', 1, []);
}

const malformed = (json: unknown, kind: MalformedKind, path: string, what: string): MalformedLine => ({
  line: JSON.stringify(json),
  kind,
  path,
  what,
});

const truncatedJson = arbDeviceActivated().chain((event) => {
  const line = JSON.stringify(event);
  return fc.nat({ max: line.length - 1 }).map((cut) => ({
    line: line.slice(0, cut),
    kind: 'truncated-json' as const,
    path: '',
    what: `cut after ${cut} of ${line.length} characters`,
  }));
});

const notAnObject = fc
  .constantFrom<unknown>(42, 'DeviceActivated', null, [], [{}], true)
  .map((json) => malformed(json, 'not-an-object', '', `the line is ${JSON.stringify(json)}`));

const wrongType = arbTallyEvent().chain((event) =>
  fc
    .constantFrom(...requiredPaths(event).filter((path) => path !== 'type'))
    .chain((path) =>
      arbWrongTypeFor(getAt(toJson(event), path)).map((value) =>
        malformed(
          setAt(toJson(event), path, value),
          'wrong-type',
          path,
          `${path} set to ${JSON.stringify(value)}`,
        ),
      ),
    ),
);

const missingField = arbTallyEvent().chain((event) =>
  fc
    .constantFrom(...requiredPaths(event))
    .map((path) => malformed(deleteAt(toJson(event), path), 'missing-field', path, `${path} removed`)),
);

const unknownType = fc
  .tuple(arbDeviceActivated(), fc.constantFrom('DeviceExploded', 'deviceActivated', 'Invoice', ''))
  .map(([event, type]) =>
    malformed({ ...toJson(event), type }, 'unknown-type', 'type', `type ${JSON.stringify(type)}`),
  );

// Names no event uses at any level (`deviceID` is a near miss of `deviceId`).
const unknownField = fc
  .tuple(arbTallyEvent(), fc.constantFrom('', 'data.'), fc.constantFrom('note', 'deviceID', 'version', '_id'))
  .map(([event, where, name]) =>
    malformed(
      setAt(toJson(event), `${where}${name}`, 'x'),
      'unknown-field',
      `${where}${name}`,
      `extra ${where}${name}`,
    ),
  );

const badInstant = fc
  .tuple(
    arbTallyEvent(),
    fc.constantFrom('occurredAt', 'recordedAt'),
    fc.constantFrom(
      '2026-03-07 07:00',
      '2026-03-07T07:00:00+01:00',
      '2026-02-30T00:00:00Z',
      '2026-03-07T24:00:00Z',
      '2026-03-07T07:00:00.1234Z',
      '2026-03-07',
      '1772866800000',
    ),
  )
  .map(([event, path, value]) =>
    malformed(setAt(toJson(event), path, value), 'bad-instant', path, `${path} ${value}`),
  );

const badDateValues = fc.constantFrom(
  '2026-02-30',
  '2026-13-01',
  '2026-3-9',
  '2026-03-09T00:00:00Z',
  '09/03/2026',
);
const badDate = fc.oneof(
  fc
    .tuple(arbSubscriptionStarted(), badDateValues)
    .map(([event, value]) =>
      malformed(setAt(toJson(event), 'data.startDate', value), 'bad-date', 'data.startDate', value),
    ),
  fc
    .tuple(arbSubscriptionRenewed(), badDateValues)
    .map(([event, value]) =>
      malformed(setAt(toJson(event), 'data.termStart', value), 'bad-date', 'data.termStart', value),
    ),
);

const badZone = fc
  .tuple(
    arbOrganizationRegistered(),
    fc.constantFrom('Mars/Olympus_Mons', 'America/Springfield', '+05:00', 'america/los_angeles', 'PST', ''),
  )
  .map(([event, value]) =>
    malformed(setAt(toJson(event), 'data.timeZone', value), 'bad-zone', 'data.timeZone', value),
  );

const PRICE_KEY = {
  'per-user': 'annualPricePerLicense',
  monthly: 'monthlyPricePerDevice',
  yearly: 'annualPricePerDevice',
} as const;

// Four decimals: more than any currency has, so wrong even without a currency context.
const tooManyDecimals = fc
  .tuple(arbSubscriptionStarted(), fc.constantFrom('10.0001', '0.1234', '1.00000'))
  .map(([event, price]) => {
    const json = toJson(event);
    const plan = dataOf(json).plan as Json;
    const key =
      plan.model === 'per-user' ? PRICE_KEY['per-user'] : PRICE_KEY[plan.billing as 'monthly' | 'yearly'];
    const broken = { ...json, data: { ...dataOf(json), plan: { ...plan, [key]: price } } };
    return malformed(broken, 'too-many-decimals', `data.plan.${key}`, `${key} ${price}`);
  });

const BY_KIND: Readonly<Record<MalformedKind, fc.Arbitrary<MalformedLine>>> = {
  'truncated-json': truncatedJson,
  'not-an-object': notAnObject,
  'wrong-type': wrongType,
  'missing-field': missingField,
  'unknown-type': unknownType,
  'unknown-field': unknownField,
  'bad-instant': badInstant,
  'bad-date': badDate,
  'bad-zone': badZone,
  'too-many-decimals': tooManyDecimals,
};

export const MALFORMED_KINDS = Object.keys(BY_KIND) as readonly MalformedKind[];

/** One malformed JSONL line of any kind, with the kind and the path its error must name. */
export function arbMalformedLine(): fc.Arbitrary<MalformedLine> {
  return fc.oneof(...Object.values(BY_KIND));
}

/** The malformed lines of one kind (to test each kind on its own). */
export function arbMalformedLineOfKind(kind: MalformedKind): fc.Arbitrary<MalformedLine> {
  return BY_KIND[kind];
}
