// A large org through the whole data path: 200,000 events (100,000 devices activated one a
// minute, then deactivated in the same order) give a series of 200,001 points. Spreading such an
// array into Math.max overflows the call stack (it did, from about 120,000 points); the report
// must render it, with exact figures and a chart drawn per pixel column.
import { epochMsToInstant, instantToEpochMs, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { buildReportData } from './build.js';
import { PLOT_COLUMNS } from './chart-svg.js';
import { renderReport } from './page.js';
import { eventsOf } from './report-fixture.spec-helper.js';

const DEVICES = 100_000;
const FIRST_MS = instantToEpochMs('2026-01-11T00:00:00Z');
const at = (minute: number) => epochMsToInstant(FIRST_MS + minute * 60_000);

function largeOrg(): TallyEvent[] {
  const drafts: Pick<TallyEvent, 'type' | 'occurredAt' | 'data'>[] = [
    {
      type: 'OrganizationRegistered',
      occurredAt: '2026-01-01T00:00:00Z',
      data: {
        name: 'Large',
        serialCode: 'S',
        billingAccount: 'B',
        timeZone: 'UTC',
        currency: 'EUR',
        coldStorage: false,
      },
    },
    {
      type: 'SubscriptionStarted',
      occurredAt: '2026-01-01T00:01:00Z',
      data: {
        startDate: '2026-01-10',
        plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '1.00' },
      },
    },
  ];
  for (let i = 0; i < DEVICES; i++) {
    drafts.push({ type: 'DeviceActivated', occurredAt: at(i), data: { deviceId: `d${i}`, userId: 'u1' } });
  }
  for (let i = 0; i < DEVICES; i++) {
    drafts.push({ type: 'DeviceDeactivated', occurredAt: at(DEVICES + i), data: { deviceId: `d${i}` } });
  }
  return eventsOf('large', drafts);
}

describe('a report of 200,000 events', () => {
  const options = { orgId: 'large', from: '2026-01-10', to: '2026-06-30', asKnownAt: '2026-07-01T00:00:00Z' };
  const result = buildReportData(largeOrg(), options);
  if (result._tag === 'Left') throw new Error(result.left.message);
  const data = result.right;
  const html = renderReport(data);

  it('keeps every change in the data: one point per event, and the exact peak', () => {
    expect(data.series.length).toBe(2 * DEVICES + 1);
    expect(html).toContain(
      `<li><span class="value">${DEVICES}</span><span class="label">peak billable devices</span></li>`,
    );
  });

  it('draws each line with at most four points a pixel column, and says so', () => {
    const paths = [...html.matchAll(/<path class="series" data-series="(\w+)" d="([^"]*)"/g)];
    expect(paths.map((match) => match[1])).toEqual(['billableDevices', 'licensesInUse']);
    for (const [, , d] of paths) {
      // Each point drawn is a move or a vertical step, then a horizontal one.
      const points = (d as string).split(' ').filter((command) => /^[MV]/.test(command)).length;
      expect(points).toBeLessThanOrEqual(4 * PLOT_COLUMNS);
    }
    expect(html).toContain(
      `The counts take 200,001 steps in the window, drawn as ${PLOT_COLUMNS} pixel columns of min-max`,
    );
  });

  it('bills the devices of each month exactly', () => {
    // Feb 10: tally 48 h before, Feb 8 00:00, minute 40,320 of the activations.
    const february = data.invoices.find((invoice) => invoice.billingDate === '2026-02-10');
    expect(february?.lines.map((line) => line.quantity)).toEqual([40_321]);
  });
});
