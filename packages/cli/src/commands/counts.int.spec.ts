// `tally counts --explain` hands the domain the org's events and lets it decide what is visible
// at `--at` as known at `--as-known-at`: the explanation and the counts agree, and a device
// recorded after `--as-known-at` is in neither.
import { explainCountsAt } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { runTally } from '../cli.js';
import { memoryIo } from '../fixtures/memory-io.spec-helper.js';
import { eventsOf, sampleEvents, tempFile, toJsonl } from '../fixtures/sample-log.spec-helper.js';

const events = sampleEvents();
const at = '2026-03-01T00:00:00Z';

async function counts(args: readonly string[]) {
  const path = await tempFile('events.jsonl', toJsonl(events));
  const memory = memoryIo();
  const code = await runTally(['counts', '--events', path, '--org', 'acme', '--at', at, ...args], memory.io);
  return { code, output: JSON.parse(memory.stdout()) };
}

describe('tally counts --explain --as-known-at', () => {
  it('leaves out the device recorded later, in the counts and in the explanation alike', async () => {
    // d-4 was in use since January but only recorded on 2026-02-20.
    const asKnownAt = '2026-02-19T00:00:00Z';
    const { code, output } = await counts(['--as-known-at', asKnownAt, '--explain']);
    expect(code).toBe(0);
    const expected = explainCountsAt(eventsOf(events, 'acme'), at, { asKnownAt });
    expect(output.explanation).toEqual({
      billableDevices: expected.billableDevices,
      licenseHolders: expected.licenseHolders,
    });
    const ids = output.explanation.billableDevices.map((device: { deviceId: string }) => device.deviceId);
    expect(ids).toEqual(['d-1', 'd-2', 'd-3']);
    expect(output.billableDevices).toBe(3);
    expect((await counts(['--as-known-at', asKnownAt])).output.billableDevices).toBe(3);
  });
});
