// The Either shape the domain returns (fp-ts's), spelled out here because @tally/cli does not
// depend on fp-ts itself. Structurally identical, so values pass both ways unchanged.
export type Either<E, A> =
  | { readonly _tag: 'Left'; readonly left: E }
  | { readonly _tag: 'Right'; readonly right: A };

export const left = <E, A = never>(value: E): Either<E, A> => ({ _tag: 'Left', left: value });
export const right = <A, E = never>(value: A): Either<E, A> => ({ _tag: 'Right', right: value });
