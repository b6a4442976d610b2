// Compile-time proof that a codec decodes to exactly the shared event type: each codec file
// writes `true satisfies Equals<t.TypeOf<typeof Codec>, SharedType>`, which fails to compile when
// a field, an optional marker or a readonly modifier drifts.

export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
