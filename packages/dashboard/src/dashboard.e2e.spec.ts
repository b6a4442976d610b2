// The dashboard in headless Chromium: a device activated through the command handler shows in
// the org's row within a second, the report is one click away, and the page logs no error.
// The HTTP side: 4xx with a message for what it does not serve, 127.0.0.1 by default. Chromium
// is /usr/bin/chromium or TALLY_CHROMIUM; without one the browser test is reported as skipped.
import { existsSync } from 'node:fs';
import type { Command } from '@tally/domain';
import { createCommandHandler, getInMemoryEventStore, startLiveProjection } from '@tally/ledger';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, startDashboard } from './server.js';

const CHROMIUM = process.env.TALLY_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const hasChromium = existsSync(CHROMIUM);
const NOW = '2026-03-10T00:00:00Z';
const at = '2026-03-01T00:00:00Z';

const store = getInMemoryEventStore();
const handler = createCommandHandler({ store, clock: () => NOW });
let dashboard: Dashboard;
let projection: Awaited<ReturnType<typeof startLiveProjection>>;
let browser: Browser | undefined;

const setup: Command[] = [
  {
    type: 'RegisterOrganization',
    orgId: 'acme',
    at,
    data: {
      name: 'Acme <Backup>',
      serialCode: 'S',
      billingAccount: 'B',
      timeZone: 'UTC',
      currency: 'USD',
      coldStorage: true,
    },
  },
  {
    type: 'StartSubscription',
    orgId: 'acme',
    at,
    data: {
      startDate: '2026-03-01',
      plan: { model: 'per-device', billing: 'monthly', monthlyPricePerDevice: '10.00' },
    },
  },
  { type: 'ActivateDevice', orgId: 'acme', at, data: { deviceId: 'd-1', userId: 'u-1' } },
];

beforeAll(async () => {
  for (const command of setup) await handler.handle(command);
  projection = await startLiveProjection({ store, clock: () => NOW });
  await projection.caughtUp();
  dashboard = await startDashboard({ store, projection, clock: () => NOW, pushMs: 50 });
  if (hasChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await projection?.stop();
});

describe('the dashboard over HTTP', () => {
  it('binds 127.0.0.1 by default and serves the rows as JSON', async () => {
    expect(new URL(dashboard.url).hostname).toBe('127.0.0.1');
    const rows = (await (await fetch(new URL('orgs.json', dashboard.url))).json()) as {
      orgId: string;
      billableDevices: number;
      nextInvoiceTotal: string;
    }[];
    expect(rows).toEqual([
      expect.objectContaining({ orgId: 'acme', billableDevices: 1, nextInvoiceTotal: '10.00 USD' }),
    ]);
  });

  it('answers what it does not serve with a 4xx and a message', async () => {
    const cases: [string, RequestInit, number, RegExp][] = [
      ['nowhere', {}, 404, /not here/],
      ['report', {}, 400, /\?org=ID/],
      ['report?org=%3Cscript%3E', {}, 400, /\?org=ID/],
      ['report?org=nobody', {}, 404, /no organization "nobody"/],
      ['report?org=acme&from=2026-13-01', {}, 400, /report of acme/],
      ['', { method: 'POST' }, 405, /only reads/],
    ];
    for (const [path, init, status, message] of cases) {
      const response = await fetch(new URL(path, dashboard.url), init);
      expect(response.status).toBe(status);
      expect(await response.text()).toMatch(message);
    }
  });

  it('serves the report of an org', async () => {
    const response = await fetch(new URL('report?org=acme', dashboard.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Acme &lt;Backup&gt;');
  });
});

describe('the dashboard in Chromium', () => {
  it.skipIf(!hasChromium)(
    'a device activated through the command handler shows in the table within a second, with no console error',
    async () => {
      const page = await (browser as Browser).newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(dashboard.url);
      const billable = page.locator('tr[data-org="acme"] td:nth-child(5)');
      await billable.filter({ hasText: /^1$/ }).waitFor({ timeout: 5_000 });
      await expect.poll(() => page.locator('#status').textContent()).toMatch(/^live/);
      const started = Date.now();
      await handler.handle({
        type: 'ActivateDevice',
        orgId: 'acme',
        at,
        data: { deviceId: 'd-2', userId: 'u-2' },
      });
      await billable.filter({ hasText: /^2$/ }).waitFor({ timeout: 1_000 });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await page.locator('tr[data-org="acme"] td:nth-child(2)').textContent()).toBe('Acme <Backup>');
      // The report, one click away.
      await page.locator('tr[data-org="acme"] a').click();
      await page.waitForURL(/report\?org=acme/);
      expect(await page.title()).toContain('Billing report: Acme <Backup>');
      expect(problems).toEqual([]);
      await page.close();
    },
  );
});
