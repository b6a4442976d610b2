// What every check of this package answers: yes, or no with the one reason a person can act on.
// Checks never throw on bad input (a proof, a note, a bundle from anywhere); they say no.

export type Verdict<T = undefined> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

export const accept = <T>(value: T): Verdict<T> => ({ ok: true, value });
export const refuse = <T = never>(problem: string): Verdict<T> => ({ ok: false, problem });
export const ACCEPTED: Verdict = { ok: true, value: undefined };
