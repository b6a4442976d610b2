import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { inputLine, oneLine } from './errors.js';

const arbText = fc.string({
  unit: fc.constantFrom(' ', '\t', '\n', '\r', 'a', '-', '\u00a0'),
  maxLength: 60,
});

test.prop([arbText], { numRuns: 500 })(
  'puts a message on one line exactly as replacing each white run around a line break by one space',
  (text) => {
    expect(oneLine(text)).toBe(text.replace(/\s*\n\s*/g, ' '));
    expect(oneLine(text)).not.toContain('\n');
  },
);

test.prop([arbText, fc.string({ maxLength: 8 })], { numRuns: 200 })(
  'words a refused line as FILE:LINE: eventId: problem, on one line',
  (problem, eventId) => {
    const line = inputLine('log.jsonl', 7, eventId, `data.deviceId: ${problem}`);
    expect(line.startsWith(`log.jsonl:7: ${eventId === '' ? '-' : eventId}: data.deviceId: `)).toBe(true);
    if (!eventId.includes('\n')) expect(line).not.toContain('\n');
  },
);
