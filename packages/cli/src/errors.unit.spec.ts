import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';
import { escapeControls, inputLine, MAX_MESSAGE_LENGTH, oneLine, terminalLine } from './errors.js';

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
    expect(line).not.toContain('\n');
  },
);

test.prop([fc.string({ unit: 'binary', maxLength: 3000 })], { numRuns: 300 })(
  'prints any message as one line without control characters, at most 1,000 characters',
  (message) => {
    const line = terminalLine(message);
    expect(
      [...line].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)),
    ).toBe(false);
    expect(line.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    if (line.length < MAX_MESSAGE_LENGTH) expect(line).toBe(escapeControls(oneLine(message)));
  },
);

it('escapes the characters a terminal would act on, and cuts a huge value', () => {
  expect(inputLine('f.jsonl', 2, 'e-1\rok\x1b[2K', 'eventId: bad')).toBe(
    'f.jsonl:2: e-1\\rok\\u001b[2K: eventId: bad',
  );
  expect(inputLine('f.jsonl', 3, 'e\n2', 'x: y')).toBe('f.jsonl:3: e\\n2: x: y');
  const huge = terminalLine(`f.jsonl:1: ${'x'.repeat(10_000_000)}: data.deviceId: never activated`);
  expect(huge.length).toBe(MAX_MESSAGE_LENGTH);
  expect(huge.endsWith('…')).toBe(true);
});
