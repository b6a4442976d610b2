// A progress line on stderr for long replays: lines read and events per second. Drawn only when
// stderr is a terminal and --quiet is not given, so pipes and logs never see it.
import type { CliIo } from '../io.js';

export interface Progress {
  /** One more line read. */
  tick(): void;
  /** Clears the line. */
  done(): void;
}

const REDRAW_EVERY_MS = 200;

export const silentProgress: Progress = { tick() {}, done() {} };

export function createProgress(
  io: Pick<CliIo, 'stderr'>,
  label: string,
  options: { readonly quiet: boolean; readonly clock?: () => number },
): Progress {
  if (options.quiet || io.stderr.isTTY !== true) return silentProgress;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let lines = 0;
  let lastDrawn = started;
  let drawn = false;
  return {
    tick() {
      lines += 1;
      // Reading the clock on every line would cost more than the line; every 1024 is plenty.
      if ((lines & 1023) !== 0) return;
      const now = clock();
      if (now - lastDrawn < REDRAW_EVERY_MS) return;
      lastDrawn = now;
      drawn = true;
      io.stderr.write(`\r${progressText(label, lines, now - started)}\x1b[K`);
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[K');
    },
  };
}

/** `verify: 1,200,000 lines, 250,000 events/s`. */
export function progressText(label: string, lines: number, elapsedMs: number): string {
  const rate = elapsedMs <= 0 ? 0 : Math.round((lines * 1000) / elapsedMs);
  return `${label}: ${lines.toLocaleString('en-US')} lines, ${rate.toLocaleString('en-US')} events/s`;
}
