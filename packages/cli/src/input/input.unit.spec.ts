import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, progressText } from './progress.js';

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    const stderr = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          chunks.push(String(chunk));
          done();
        },
      }),
      { isTTY },
    );
    return { stderr, text: () => chunks.join('') };
  };

  it('formats lines and events per second', () => {
    expect(progressText('verify', 1_200_000, 4_800)).toBe('verify: 1,200,000 lines, 250,000 events/s');
  });

  it('draws on a terminal and clears the line at the end', () => {
    let now = 0;
    const out = sink(true);
    const progress = createProgress(out, 'export', { quiet: false, clock: () => now });
    for (let i = 0; i < 2048; i++) {
      now += 1;
      progress.tick();
    }
    progress.done();
    expect(out.text()).toContain('\rexport: 2,048 lines, 1,000 events/s');
    expect(out.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('stays silent when stderr is not a terminal, or with --quiet', () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const out = sink(tty);
      let now = 0;
      const progress = createProgress(out, 'export', { quiet, clock: () => (now += 1) });
      for (let i = 0; i < 4096; i++) progress.tick();
      progress.done();
      expect(out.text()).toBe('');
    }
  });
});
