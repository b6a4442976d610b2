// Files a command writes on the way to its result (the spool of stdin, an export's FILE.partial)
// and removes when it ends. A signal ends the process before any `finally` runs, so the bin
// removes what is still listed here when SIGINT or SIGTERM arrives (see bin.ts).
import { rmSync } from 'node:fs';

const pending = new Set<string>();

/** Lists `path` for removal on a signal; the returned function takes it off the list. */
export function removeOnSignal(path: string): () => void {
  pending.add(path);
  return () => {
    pending.delete(path);
  };
}

/** Removes every listed path now (synchronously: called from a signal handler). */
export function removeLeftovers(): void {
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while the process goes down.
    }
  }
  pending.clear();
}
