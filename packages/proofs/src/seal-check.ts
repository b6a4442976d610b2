// The seal of a sealed file's lines, checked in order: each line's chain (checkSealedLine) and,
// when asked, its leaf in the Merkle tree, with the tree heads at the sizes a checkpoint signs.
// It is a third to a half of what `tally verify` and `tally verify-bundle` do (three SHA-256 calls
// a line), and needs nothing from the decoding of the events, so a large file has it checked on
// a thread of its own (seal-thread.ts) while the main thread decodes and folds. Either way this
// is the code that runs.
import { digestHash, type Hash } from './hash.js';
import { checkSealedLine, GENESIS_CHAIN } from './seal.js';
import { TreeBuilder } from './tree.js';

/** What to check. */
export interface SealCheckOptions {
  /** Lines before the first sealed line (a bundle's header): they are skipped. */
  readonly skipLines: number;
  /** Build the Merkle tree of the events. */
  readonly tree: boolean;
  /** Tree heads to keep: after this many events. */
  readonly rootsAt: readonly number[];
}

/** The first line whose seal is broken: its file line, eventId when known, and the problem. */
export interface SealProblem {
  readonly line: number;
  readonly eventId: string | undefined;
  readonly problem: string;
}

/** The outcome, over the lines up to the first broken one. */
export interface SealSummary {
  /** Events whose seal holds. */
  readonly events: number;
  /** The chain of the last of them. */
  readonly chain: string;
  readonly problem: SealProblem | undefined;
  /** The tree head after each size of `rootsAt` that was reached, by size. */
  readonly roots: ReadonlyMap<number, Hash>;
  /** The tree head of all of them (the empty tree's without `tree`). */
  readonly root: Hash;
}

export class SealCheck {
  private readonly builder: TreeBuilder | undefined;
  private readonly wanted: ReadonlySet<number>;
  private readonly roots = new Map<number, Hash>();
  private chain = GENESIS_CHAIN;
  private events = 0;
  private problem: SealProblem | undefined;

  constructor(private readonly options: SealCheckOptions) {
    this.builder = options.tree ? new TreeBuilder() : undefined;
    this.wanted = new Set(options.rootsAt);
    if (this.builder !== undefined && this.wanted.has(0)) this.roots.set(0, this.builder.root());
  }

  /** Checks line `number` of the file (its text without the LF); false once a seal is broken
   * (the lines after are not looked at). */
  readonly visit = (text: string, number: number): boolean => {
    if (this.problem !== undefined) return false;
    const event = number - this.options.skipLines;
    if (event < 1) return true;
    const sealed = checkSealedLine(text, event, this.chain);
    if (!sealed.ok) {
      this.problem = { line: number, eventId: sealed.eventId, problem: sealed.problem };
      return false;
    }
    this.chain = sealed.line.chain;
    this.events = event;
    if (this.builder !== undefined) {
      this.builder.append(sealed.line.canonical);
      if (this.wanted.has(event)) this.roots.set(event, this.builder.root());
    }
    return true;
  };

  summary(): SealSummary {
    return {
      events: this.events,
      chain: this.chain,
      problem: this.problem,
      roots: this.roots,
      root: this.builder?.root() ?? new TreeBuilder().root(),
    };
  }
}

/** A summary as plain values, to cross a thread (a Hash is a Buffer, which arrives as a
 * Uint8Array). */
export interface SealSummaryMessage {
  readonly events: number;
  readonly chain: string;
  readonly problem: SealProblem | undefined;
  readonly roots: readonly (readonly [number, string])[];
  readonly root: string;
}

export const summaryMessage = (summary: SealSummary): SealSummaryMessage => ({
  events: summary.events,
  chain: summary.chain,
  problem: summary.problem,
  roots: [...summary.roots].map(([size, hash]) => [size, hash.toString('latin1')] as const),
  root: summary.root.toString('latin1'),
});

export const summaryOfMessage = (message: SealSummaryMessage): SealSummary => ({
  events: message.events,
  chain: message.chain,
  problem: message.problem,
  roots: new Map(message.roots.map(([size, digest]) => [size, digestHash(digest)])),
  root: digestHash(message.root),
});
