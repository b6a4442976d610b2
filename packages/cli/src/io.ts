// What a command may touch: its streams, its environment and a clock. The bin passes the
// process's; tests pass buffers, so every command runs in-process.
import type { Readable, Writable } from 'node:stream';
import type { Instant } from '@tally/domain';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  /** `isTTY` decides whether a progress bar is drawn. */
  readonly stderr: Writable & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The current instant: the default of `--as-known-at`. */
  readonly now: () => Instant;
}

/** Writes and waits until the stream has taken the text (so the exit code follows the output). */
export function writeOut(stream: Writable, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
