import { readFileSync } from 'node:fs';
import { chromiumAvailable, launchChromium } from '@mv/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatDataRepository } from '../../src/index.js';
import { type DashboardServer, serveDashboard, shelterRepository } from '../support/dashboardServer.js';

const hasChromium = chromiumAvailable();

/** Every event of the export, paging through the JSON form as any API client would. */
async function exportedCount(origin: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ format: 'json', limit: '50000', ...(cursor ? { cursor } : {}) });
    const page = (await (await fetch(`${origin}/api/export?${query}`)).json()) as {
      count: number;
      nextCursor: string | null;
    };
    count += page.count;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe.skipIf(!hasChromium)('the dashboard open-data download in headless Chromium', () => {
  let repository: CatDataRepository;
  let site: DashboardServer;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    // More events than one export page holds (20,000 by default).
    repository = await shelterRepository({ rows: 12_000, seed: 11, start: '2022-04-01', days: 1000 });
    site = await serveDashboard(repository);
    origin = site.origin;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await repository?.close();
  });

  it('downloads every page of the export as one CSV file: one BOM, one header, a row per event', async () => {
    // Prepare
    const events = await exportedCount(origin);
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-ready]');
    // Act
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.click('footer.site a'),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    // Assess
    expect(events).toBeGreaterThan(20_000);
    expect(download.suggestedFilename()).toBe('cat-data-open-data.csv');
    const lines = csv.split('\r\n').filter(Boolean);
    const header = lines[0] as string;
    expect(header.startsWith('\uFEFF')).toBe(true);
    expect(csv.match(/\uFEFF/g)).toHaveLength(1);
    expect(lines.filter((line) => line === header.slice(1))).toHaveLength(0);
    expect(lines.length - 1).toBe(events);
    await page.close();
  }, 120_000);
});
