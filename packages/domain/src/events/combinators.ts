// The few io-ts building blocks the event codecs are made of. Each failure carries a readable
// message and the io-ts context carries the field path, so `errors.ts` can print
// `data.plan.model: missing` without guessing. Objects are closed: an unknown key is an error,
// because an auditor must never lose bytes silently.
import type { Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  type CanonicalWriter,
  canonicalWriterOf,
  objectWriter,
  registerCanonicalForm,
} from './canonical-encoding.js';
import { canonicalJson } from './canonical-json.js';
import { show } from './show.js';

/** A codec whose wire form is its decoded form (all Tally codecs are). */
export type Codec<A> = t.Type<A, A, unknown>;

/** Marks an object field that may be absent (absent stays absent: never `undefined`). */
export interface Optional<C extends t.Mixed> {
  readonly optional: C;
}
export const optional = <C extends t.Mixed>(codec: C): Optional<C> => ({ optional: codec });

// `t.Mixed` (io-ts's any-typed codec) because codecs are invariant in their decoded type.
type Field = t.Mixed | Optional<t.Mixed>;
type Props = Record<string, Field>;
type Flatten<T> = { [K in keyof T]: T[K] };
type RequiredKeys<P extends Props> = { [K in keyof P]: P[K] extends Optional<t.Mixed> ? never : K }[keyof P];
type OptionalKeys<P extends Props> = { [K in keyof P]: P[K] extends Optional<t.Mixed> ? K : never }[keyof P];
type FieldType<F> = F extends Optional<infer C> ? t.TypeOf<C> : F extends t.Mixed ? t.TypeOf<F> : never;
/** The decoded type of a closed object, all fields readonly, optional ones marked `?`. */
export type StrictOf<P extends Props> = Flatten<
  { readonly [K in RequiredKeys<P>]: FieldType<P[K]> } & { readonly [K in OptionalKeys<P>]?: FieldType<P[K]> }
>;

const identity = <A>(a: A): A => a;

/** Fails at the field reached from `context` through `path` (e.g. `['lines', '[0]', 'amount']`). */
export function failAt<A>(
  context: t.Context,
  path: readonly string[],
  actual: unknown,
  message: string,
): t.Validation<A> {
  let at = context;
  for (const key of path) at = t.appendContext(at, key, t.unknown, actual);
  return t.failure(actual, at, message);
}

/** A leaf codec from a parse function; `Left` is the problem, said about the value. */
export function primitive<A>(name: string, parse: (input: unknown) => Either<string, A>): Codec<A> {
  const codec = new t.Type<A, A, unknown>(
    name,
    (input): input is A => {
      const result = parse(input);
      return result._tag === 'Right' && result.right === input;
    },
    (input, context) => {
      const result = parse(input);
      return result._tag === 'Right' ? t.success(result.right) : t.failure(input, context, result.left);
    },
    identity,
  );
  registerCanonicalForm(codec, () => canonicalJson);
  return codec;
}

export function isPlainObject(input: unknown): input is Readonly<Record<string, unknown>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const prototype = Object.getPrototypeOf(input);
  return prototype === Object.prototype || prototype === null;
}

export function literal<L extends string | number | boolean>(value: L): Codec<L> {
  return primitive(JSON.stringify(value), (input) =>
    input === value
      ? { _tag: 'Right', right: value }
      : { _tag: 'Left', left: `expected ${show(value)}, got ${show(input)}` },
  );
}

export function oneOf<const L extends readonly (string | number)[]>(values: L): Codec<L[number]> {
  const list = values.map(show).join(', ');
  return primitive(`one of ${list}`, (input) =>
    values.includes(input as L[number])
      ? { _tag: 'Right', right: input as L[number] }
      : { _tag: 'Left', left: `expected one of ${list}, got ${show(input)}` },
  );
}

export function nullable<A>(codec: Codec<A>): Codec<A | null> {
  const nullableCodec = new t.Type<A | null, A | null, unknown>(
    `${codec.name} or null`,
    (input): input is A | null => input === null || codec.is(input),
    (input, context) => (input === null ? t.success(null) : codec.validate(input, context)),
    (value) => (value === null ? null : codec.encode(value)),
  );
  registerCanonicalForm(nullableCodec, () => {
    const inner = canonicalWriterOf(codec);
    return (value) => (value === null ? 'null' : inner(value));
  });
  return nullableCodec;
}

export function arrayOf<A>(codec: Codec<A>, options: { nonEmpty?: boolean } = {}): Codec<readonly A[]> {
  const name = `array of ${codec.name}`;
  const arrayCodec = new t.Type<readonly A[], readonly A[], unknown>(
    name,
    (input): input is readonly A[] =>
      Array.isArray(input) && (!options.nonEmpty || input.length > 0) && input.every(codec.is),
    (input, context) => {
      if (!Array.isArray(input)) return t.failure(input, context, `expected an array, got ${show(input)}`);
      if (options.nonEmpty && input.length === 0) return t.failure(input, context, 'must not be empty');
      const out: A[] = [];
      for (let i = 0; i < input.length; i++) {
        const item: unknown = input[i];
        const result = codec.validate(item, t.appendContext(context, `[${i}]`, codec, item));
        if (result._tag === 'Left') return result;
        out.push(result.right);
      }
      return t.success(out);
    },
    (value) => value.map((item) => codec.encode(item)),
  );
  registerCanonicalForm(arrayCodec, () => {
    const inner = canonicalWriterOf(codec);
    // An undefined item is encoded and written as the encoded copy would be (canonicalJson writes
    // an undefined item as null).
    const undefinedItem = () => {
      const encoded: unknown = codec.encode(undefined as A);
      return encoded === undefined ? 'null' : canonicalJson(encoded);
    };
    return (value) => {
      const items = value as readonly unknown[];
      let text = '[';
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        text += (i === 0 ? '' : ',') + (item === undefined ? undefinedItem() : inner(item));
      }
      return `${text}]`;
    };
  });
  return arrayCodec;
}

/**
 * A closed object: every required field present, optional ones only when given, no other key.
 * Encoding writes the fields in declaration order, which is the wire order, and drops any key
 * the codec does not know.
 */
export function strictObject<P extends Props>(name: string, props: P): Codec<StrictOf<P>> {
  type A = StrictOf<P>;
  const fields = Object.entries(props).map(([key, field]) =>
    'optional' in field
      ? { key, codec: field.optional, required: false }
      : { key, codec: field, required: true },
  );
  const known = new Set(fields.map(({ key }) => key));

  const is = (input: unknown): input is A =>
    isPlainObject(input) &&
    Object.keys(input).every((key) => known.has(key)) &&
    fields.every(({ key, codec, required }) =>
      Object.hasOwn(input, key) ? codec.is(input[key]) : !required,
    );

  const validate = (input: unknown, context: t.Context): t.Validation<A> => {
    if (!isPlainObject(input)) {
      return t.failure(input, context, `expected ${name} (a JSON object), got ${show(input)}`);
    }
    const out: Record<string, unknown> = {};
    for (const { key, codec, required } of fields) {
      if (!Object.hasOwn(input, key)) {
        if (required) return failAt(context, [key], undefined, 'missing');
        continue;
      }
      const value = input[key];
      const result = codec.validate(value, t.appendContext(context, key, codec, value));
      if (result._tag === 'Left') return result;
      out[key] = result.right;
    }
    for (const key of Object.keys(input)) {
      if (!known.has(key)) return failAt(context, [key], input[key], 'unknown field');
    }
    return t.success(out as A);
  };

  const encode = (value: A): A => {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const { key, codec } of fields) {
      if (Object.hasOwn(source, key) && source[key] !== undefined) out[key] = codec.encode(source[key]);
    }
    return out as A;
  };

  const codec = new t.Type<A, A, unknown>(name, is, validate, encode);
  registerCanonicalForm(codec, () => objectWriter(fields));
  return codec;
}

/** A codec with an extra check on the decoded value (cross-field rules); `check` returns it or fails. */
export function withCheck<A>(
  codec: Codec<A>,
  check: (value: A, context: t.Context) => t.Validation<A>,
): Codec<A> {
  const checked = new t.Type<A, A, unknown>(
    codec.name,
    (input): input is A => codec.is(input) && check(input, [])._tag === 'Right',
    (input, context) => {
      const result = codec.validate(input, context);
      return result._tag === 'Left' ? result : check(result.right, context);
    },
    (value) => codec.encode(value),
  );
  registerCanonicalForm(checked, () => canonicalWriterOf(codec));
  return checked;
}

/**
 * A union told apart by one string key (`type`, `model`, `billing`). The tag is checked first, so
 * an unknown tag is reported as such instead of as a mismatch against every member.
 */
export function taggedUnion<M extends Record<string, t.Mixed>>(
  name: string,
  tagKey: string,
  members: M,
  describeUnknownTag: (tag: unknown) => string = (tag) =>
    `expected one of ${Object.keys(members).map(show).join(', ')}, got ${show(tag)}`,
): Codec<t.TypeOf<M[keyof M]>> {
  type A = t.TypeOf<M[keyof M]>;
  const memberFor = (input: unknown): Codec<A> | undefined => {
    if (!isPlainObject(input)) return undefined;
    const tag = input[tagKey];
    return typeof tag === 'string' && Object.hasOwn(members, tag) ? members[tag] : undefined;
  };
  const union = new t.Type<A, A, unknown>(
    name,
    (input): input is A => memberFor(input)?.is(input) ?? false,
    (input, context) => {
      if (!isPlainObject(input)) {
        return t.failure(input, context, `expected ${name} (a JSON object), got ${show(input)}`);
      }
      if (!Object.hasOwn(input, tagKey)) return failAt(context, [tagKey], undefined, 'missing');
      const member = memberFor(input);
      if (member === undefined)
        return failAt(context, [tagKey], input[tagKey], describeUnknownTag(input[tagKey]));
      return member.validate(input, context);
    },
    (value) => {
      const member = memberFor(value);
      if (member === undefined)
        throw new TypeError(`cannot encode ${name}: unknown ${tagKey} ${show(value)}`);
      return member.encode(value);
    },
  );
  registerCanonicalForm(union, () => {
    const byTag = new Map<Codec<A>, CanonicalWriter>();
    return (value) => {
      const member = memberFor(value);
      if (member === undefined) return canonicalJson(union.encode(value)); // throws encode's TypeError
      let writer = byTag.get(member);
      if (writer === undefined) {
        writer = canonicalWriterOf(member);
        byTag.set(member, writer);
      }
      return writer(value);
    };
  });
  return union;
}
