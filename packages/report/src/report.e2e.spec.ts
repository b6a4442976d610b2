// The report in a real browser: headless Chromium opens the written file, draws it without an
// error or a request, and the chart's screenshot shows all three series in their colors. When
// Chromium is not installed at /usr/bin/chromium (Debian: apt-get install -y chromium) or at
// TALLY_CHROMIUM, the browser test is reported as skipped, not passed; the file check runs anyway.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportData } from './build.js';
import { SERIES_STYLE, type SeriesName } from './chart-svg.js';
import { renderReport } from './page.js';
import { YEARLY_OPTIONS, yearlyHistory } from './report-fixture.spec-helper.js';
import type { ReportData } from './types.js';

/** TALLY_CHROMIUM names another Chromium (or Chrome) binary. */
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

// The few browser APIs the page functions use (this project compiles without the DOM library).
interface Measurable {
  getBBox(): { width: number; height: number };
}
interface DecodeGlobals {
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: {
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        drawImage(image: unknown, x: number, y: number): void;
        getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
      } | null;
    };
  };
}

function yearlyReport(): ReportData {
  const result = buildReportData(yearlyHistory('Acme <Backup> & Co'), YEARLY_OPTIONS);
  if (result._tag === 'Left') throw new Error(result.left.message);
  return result.right;
}

const directory = mkdtempSync(join(tmpdir(), 'tally-report-'));
const file = join(directory, 'report.html');
const data = yearlyReport();
writeFileSync(file, renderReport(data));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('report file', () => {
  it('is one page that references nothing outside itself', () => {
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|@import|\ssrc=|\shref=/i);
    // The only URLs are the SVG namespace and the in-document clip path.
    expect(html.match(/https?:\/\/[^"]*/g)).toEqual(['http://www.w3.org/2000/svg']);
    expect(html.match(/url\([^)]*\)/g)).toEqual(['url(#plot-area)']);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });
});

const hasChromium = existsSync(CHROMIUM);

describe('report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (hasChromium) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(!hasChromium)(
    'renders without errors or requests, with three visible series and the marks',
    async () => {
      const context = await browser.newContext({
        viewport: { width: 1100, height: 900 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      const url = pathToFileURL(file).href;
      page.on('request', (request) => {
        if (request.url() !== url) problems.push(`request: ${request.url()}`);
      });
      await page.goto(url, { waitUntil: 'load' });

      const paths = await page.$$eval('svg.chart path.series', (elements) =>
        elements.map((element) => {
          const box = (element as unknown as Measurable).getBBox();
          return {
            series: element.getAttribute('data-series'),
            d: element.getAttribute('d') ?? '',
            width: box.width,
            height: box.height,
          };
        }),
      );
      expect(paths.map((path) => path.series)).toEqual(['allocation', 'billableDevices', 'licensesInUse']);
      for (const path of paths) {
        expect(path.d.length).toBeGreaterThan(0);
        expect(path.width).toBeGreaterThan(100);
        expect(path.height).toBeGreaterThan(10);
      }
      expect(await page.locator('svg.chart g.tally circle').count()).toBe(data.tallies.length);
      expect(await page.locator('svg.chart g.billing-date').count()).toBe(data.billingDates.length);
      expect(await page.locator('table.invoices tbody.invoice').count()).toBe(data.invoices.length);
      expect(await page.locator('h1').textContent()).toBe('Acme <Backup> & Co');

      const chart = page.locator('svg.chart');
      const target = process.env.TALLY_REPORT_SCREENSHOT;
      if (target !== undefined && target !== '') writeFileSync(target, await chart.screenshot());
      // Only the plot area: the legend's swatches have the series' colors too.
      const box = await page.locator('svg.chart rect.plot').boundingBox();
      if (box === null) throw new Error('the chart has no plot area');
      const screenshot = await page.screenshot({ clip: box });

      // A blank box of the same size screenshots to fewer, different bytes.
      const blank = await context.newPage();
      await blank.setViewportSize({ width: 1100, height: 900 });
      await blank.setContent(
        `<body style="margin:0;background:#fff"><div style="width:${box.width}px;height:${box.height}px;background:#fff"></div></body>`,
      );
      const blankShot = await blank.locator('div').screenshot();
      expect(screenshot.equals(blankShot)).toBe(false);
      expect(screenshot.length).toBeGreaterThan(blankShot.length * 2);

      // Decode the PNG in a page without the report's content policy and count its colors.
      const colors = Object.fromEntries(
        (Object.keys(SERIES_STYLE) as SeriesName[]).map((name) => [name, SERIES_STYLE[name].color]),
      );
      const pixels = await blank.evaluate(
        async ({ png, wanted }) => {
          const { Image, document } = globalThis as unknown as DecodeGlobals;
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          const context2d = canvas.getContext('2d');
          if (context2d === null) throw new Error('no 2d context');
          context2d.drawImage(image, 0, 0);
          const { data: rgba } = context2d.getImageData(0, 0, image.width, image.height);
          const distinct = new Set<number>();
          const near: Record<string, number> = {};
          const targets = Object.entries(wanted).map(([name, hex]) => {
            near[name] = 0;
            const value = Number.parseInt(hex.slice(1), 16);
            return { name, r: value >> 16, g: (value >> 8) & 255, b: value & 255 };
          });
          for (let i = 0; i < rgba.length; i += 4) {
            const [r, g, b] = [rgba[i] as number, rgba[i + 1] as number, rgba[i + 2] as number];
            distinct.add((r << 16) | (g << 8) | b);
            for (const t of targets) {
              if (Math.abs(r - t.r) <= 8 && Math.abs(g - t.g) <= 8 && Math.abs(b - t.b) <= 8)
                near[t.name] = (near[t.name] ?? 0) + 1;
            }
          }
          return { width: image.width, height: image.height, distinct: distinct.size, near };
        },
        { png: screenshot.toString('base64'), wanted: colors },
      );
      expect(pixels.width).toBe(Math.round(box.width));
      expect(pixels.distinct).toBeGreaterThan(20);
      for (const name of Object.keys(colors)) expect(pixels.near[name] ?? 0).toBeGreaterThan(200);

      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
