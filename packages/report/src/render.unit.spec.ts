// The page as text: escaping, self-containment, the parts of the chart, determinism, and the
// axes' arithmetic.
import { fc, test } from '@fast-check/vitest';
import { epochMsToInstant, instantToEpochMs, startOfDate, type TallyEvent } from '@tally/domain';
import { describe, expect, it } from 'vitest';
import { buildReportData } from './build.js';
import { countAxis, timeTicks } from './chart-scales.js';
import { escapeHtml } from './html-escape.js';
import { renderReport } from './page.js';
import { eventsOf, YEARLY_OPTIONS, yearlyHistory } from './report-fixture.spec-helper.js';
import type { ReportData, ReportOptions } from './types.js';

function reportOf(events: readonly TallyEvent[], options: ReportOptions): ReportData {
  const result = buildReportData(events, options);
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
}

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

/** A per-device monthly org whose id and name are hostile. */
function monthlyHistory(orgId: string, name: string): TallyEvent[] {
  return eventsOf(orgId, [
    {
      type: 'OrganizationRegistered',
      occurredAt: '2026-01-01T00:00:00Z',
      data: {
        name,
        serialCode: 'S',
        billingAccount: 'B',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
        coldStorage: false,
      },
    },
    {
      type: 'SubscriptionStarted',
      occurredAt: '2026-01-01T00:01:00Z',
      data: {
        startDate: '2026-01-10',
        plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '9.50' },
      },
    },
    { type: 'DeviceActivated', occurredAt: '2026-02-03T10:00:00Z', data: { deviceId: 'd1', userId: 'u1' } },
    { type: 'ArchiveCreated', occurredAt: '2026-02-04T10:00:00Z', data: { archiveId: 'a1', deviceId: 'd1' } },
  ]);
}

describe('renderReport', () => {
  const yearly = reportOf(yearlyHistory(), YEARLY_OPTIONS);
  const html = renderReport(yearly);

  it('escapes a <script> in the org name everywhere it appears', () => {
    const name = '<script>alert("x")</script> & \'co\'';
    const page = renderReport(reportOf(yearlyHistory(name), YEARLY_OPTIONS));
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    // Title, heading, header facts and the chart's title all carry the name.
    expect(count(page, /&lt;script&gt;alert/g)).toBe(4);
  });

  it('escapes a hostile org id', () => {
    const orgId = 'a"><img src=x onerror=alert(1)>';
    const options = { orgId, from: '2026-01-10', to: '2026-04-30', asKnownAt: '2026-05-01T00:00:00Z' };
    const page = renderReport(reportOf(monthlyHistory(orgId, 'Shop'), options));
    expect(page).not.toContain('<img');
    expect(page).toContain('a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws three series for a yearly plan and two otherwise, each with a non-empty path', () => {
    const paths = [...html.matchAll(/<path class="series" data-series="(\w+)" d="([^"]*)"/g)];
    expect(paths.map((match) => match[1])).toEqual(['allocation', 'billableDevices', 'licensesInUse']);
    for (const match of paths) expect(match[2]).toMatch(/^M[\d.]+ [\d.]+ H/);
    const options = { orgId: 'm', from: '2026-01-10', to: '2026-04-30', asKnownAt: '2026-05-01T00:00:00Z' };
    const monthly = renderReport(reportOf(monthlyHistory('m', 'Shop'), options));
    expect(count(monthly, /<path class="series"/g)).toBe(2);
    expect(monthly).not.toContain('data-series="allocation"');
  });

  it('marks each tally and each billing date once, and explains both in the legend', () => {
    expect(count(html, /<g class="tally">/g)).toBe(yearly.tallies.length);
    expect(count(html, /<g class="billing-date">/g)).toBe(yearly.invoices.length);
    expect(html).toContain('data-kind="tally"');
    expect(html).toContain('data-kind="billing"');
    expect(count(html, /<tbody class="invoice"/g)).toBe(yearly.invoices.length);
    expect(html).toContain('<td class="num">809.42</td>');
  });

  it('shades the lead-in when the first tally comes before the period', () => {
    const options = { orgId: 'm', from: '2026-02-10', to: '2026-04-30', asKnownAt: '2026-05-01T00:00:00Z' };
    const data = reportOf(monthlyHistory('m', 'Shop'), options);
    // The 2026-02-10 invoice counts 48 h before the start of that date in Berlin.
    expect(data.window.start).toBe(
      epochMsToInstant(instantToEpochMs(startOfDate('2026-02-10', 'Europe/Berlin')) - 48 * 3_600_000),
    );
    const page = renderReport(data);
    expect(count(page, /<rect class="lead-in"/g)).toBe(1);
    expect(page).toContain('data-kind="lead-in"');
    expect(html).not.toContain('class="lead-in"');
  });

  it('is deterministic: the same data gives the same bytes', () => {
    const again = reportOf(yearlyHistory(), YEARLY_OPTIONS);
    expect(renderReport(again)).toBe(html);
    expect(renderReport(structuredClone(yearly))).toBe(html);
  });

  it('says so when the period has no billing date', () => {
    const options = { ...YEARLY_OPTIONS, from: '2025-02-01', to: '2025-03-01' };
    const page = renderReport(reportOf(yearlyHistory(), options));
    expect(page).toContain('No billing date of this subscription falls between 2025-02-01 and 2025-03-01');
  });
});

describe('escapeHtml', () => {
  test.prop([fc.string({ unit: 'grapheme' })])('leaves no markup character and round-trips', (text) => {
    const escaped = escapeHtml(text);
    expect(escaped).not.toMatch(/[<>"']/);
    const back = escaped
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(back).toBe(text);
  });
});

describe('chart axes', () => {
  test.prop([fc.integer({ min: 0, max: 2_000_000 })])(
    'the count axis covers the maximum in round steps',
    (max) => {
      const { top, ticks } = countAxis(max);
      expect(top).toBeGreaterThan(max);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBe(top);
      expect(ticks.length).toBeLessThanOrEqual(7);
      const step = (ticks[1] as number) - (ticks[0] as number);
      expect(String(step)).toMatch(/^[125]0*$/);
      for (const [i, tick] of ticks.entries()) expect(tick).toBe(i * step);
    },
  );

  test.prop(
    [
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 0, max: 1500 }),
      fc.constantFrom('UTC', 'America/Los_Angeles', 'Pacific/Auckland', 'America/Santiago'),
    ],
    { numRuns: 100 },
  )('time ticks are date starts inside the window, ascending, at most 13', (startDay, days, zone) => {
    const from = epochMsToInstant((20_000 + startDay) * 86_400_000).slice(0, 10);
    const to = epochMsToInstant((20_000 + startDay + days) * 86_400_000).slice(0, 10);
    const start = startOfDate(from, zone);
    const end = startOfDate(epochMsToInstant((20_000 + startDay + days + 1) * 86_400_000).slice(0, 10), zone);
    const ticks = timeTicks(start, end, from, zone);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.length).toBeLessThanOrEqual(13);
    ticks.forEach((tick, i) => {
      expect(startOfDate(tick.date, zone)).toBe(epochMsToInstant(tick.ms));
      expect(tick.ms).toBeGreaterThanOrEqual(instantToEpochMs(start));
      expect(tick.ms).toBeLessThanOrEqual(instantToEpochMs(end));
      if (i > 0) expect(tick.ms).toBeGreaterThan((ticks[i - 1] as { ms: number }).ms);
    });
    expect(to >= from).toBe(true);
  });
});
