import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumAvailable, launchChromium } from '@mv/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatDataRepository, importCsv } from '../../src/index.js';

import { type DashboardServer, serveDashboard, shelterRepository } from '../support/dashboardServer.js';
import { fixtureBytes, fixtureMapping } from '../support/fixtures.js';

const hasChromium = chromiumAvailable();
const results = fileURLToPath(new URL('../../test-results/', import.meta.url));

describe.skipIf(!hasChromium)('dashboard in headless Chromium', () => {
  let repository: CatDataRepository;
  let site: DashboardServer;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    repository = await shelterRepository({ rows: 600, seed: 5, start: '2023-04-01', days: 730 });
    await importCsv(repository, {
      bytes: fixtureBytes('japan-moe-national-euthanasia.csv'),
      mapping: fixtureMapping('moe-cats.mapping.json') as never,
      skipInvalid: true,
    });
    site = await serveDashboard(repository);
    origin = site.origin;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await repository?.close();
  });

  it('shows the trend chart, the Ministry table and the per-area table from the public API', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Act
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-ready]');
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: `${results}dashboard.png`, fullPage: true });
    // Assess
    expect(errors).toEqual([]);
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    expect(await page.textContent('header.site h1')).toBe('猫の保護・TNR 統計');
    expect(await page.locator('#trend polyline').count()).toBe(3);
    const ministryHeader = await page.locator('#ministry thead th').allTextContents();
    expect(ministryHeader).toContain('負傷 (収容)');
    const ministryRows = await page.locator('#ministry tbody tr').allTextContents();
    expect(ministryRows.some((row) => row.startsWith('2023年度') && row.endsWith('6,899'))).toBe(true);
    expect(await page.locator('#areas tbody tr').count()).toBe(4);
    expect(await page.getAttribute('footer.site a', 'href')).toBe('/api/export?format=csv');
    await page.close();
  });

  it('draws the trend on a time axis, a month without events as zero, and says how to import into an empty store', async () => {
    // Prepare: intakes in January and April 2024 only, and an empty store beside it
    const gaps = await CatDataRepository.openPglite();
    const empty = await CatDataRepository.openPglite();
    await importCsv(gaps, {
      bytes: new TextEncoder().encode('ID,In\nA,2024-01-10\nB,2024-04-10\n'),
      mapping: {
        version: 1,
        kind: 'shelter',
        columns: { externalId: 'ID', intakeDate: 'In' },
        constants: { intakeType: 'stray' },
      },
    });
    const sites = [await serveDashboard(gaps), await serveDashboard(empty)];
    const [gapsUrl, emptyUrl] = sites.map((site) => `${site.origin}/`);
    const page = await browser.newPage();
    try {
      // Act
      await page.goto(gapsUrl!);
      await page.waitForSelector('body[data-ready]');
      const points = await page.getAttribute('#trend polyline[data-series="収容 intakes"]', 'points');
      await page.goto(emptyUrl!);
      await page.waitForSelector('body[data-ready]');
      const hint = await page.textContent('#trend');
      // Assess: January to April is four points, evenly spaced, February and March at zero
      const values = (points ?? '').split(' ').map((p) => Number(p.split(',')[1]));
      expect(values).toHaveLength(4);
      expect(values[1]).toBe(values[2]);
      expect(values[0]).toBeLessThan(values[1]!);
      expect(await page.getAttribute('body', 'data-ready')).toBe('true');
      expect(hint).toContain('mv-cat-data import');
    } finally {
      await page.close();
      for (const running of sites) await running.close();
      await gaps.close();
      await empty.close();
    }
  });
});
