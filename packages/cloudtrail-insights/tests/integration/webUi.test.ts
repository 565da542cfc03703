import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumAvailable, launchChromium } from '@mv/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParsedEvent, readCloudTrailFiles } from '../../src/index.js';
import { type LocalCloudTrail, startLocalCloudTrail } from '../../src/testing.js';

import { FIXTURE_DIR } from '../support/fixtures.js';
import { type LocalBedrock, startLocalBedrock } from '../support/localBedrock.js';
import { type ChildServer, PACKAGE_DIR, startChildServer } from '../support/servers.js';

const UI_BIN = join(PACKAGE_DIR, 'dist', 'bin', 'mv-cloudtrail-ui.js');
const RESULTS = join(PACKAGE_DIR, 'test-results');
const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)(
  'web UI in headless Chromium, reading a throttling local CloudTrail and local Bedrock',
  () => {
    let cloudtrail: LocalCloudTrail;
    let ui: ChildServer;
    let browser: Browser;
    let events: ParsedEvent[];
    let bedrock: LocalBedrock;

    beforeAll(async () => {
      if (!existsSync(UI_BIN)) throw new Error(`${UI_BIN} is missing: build the package first`);
      events = await readCloudTrailFiles(FIXTURE_DIR);
      cloudtrail = await startLocalCloudTrail({ events, throttleEvery: 2 });
      bedrock = await startLocalBedrock();
      ui = await startChildServer(UI_BIN, [], {
        AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint,
        BEDROCK_MODEL_ID: 'apac.anthropic.claude-sonnet-4-20250514-v1:0',
        CLOUDTRAIL_CALLS_PER_SECOND: '20',
      });
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await ui?.stop();
      await cloudtrail?.close();
      await bedrock?.close();
    });

    it('answers /healthcheck', async () => {
      const response = await fetch(`${ui.url}/healthcheck`);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('starts CloudTrail and Bedrock calls only for a same-origin JSON POST (no GET, no form, nothing cross-site)', async () => {
      // Prepare
      const before = { bedrock: bedrock.stats.calls, cloudtrail: cloudtrail.stats.calls };
      const query = JSON.stringify({ claude: true });
      // Act
      const get = await fetch(`${ui.url}/api/analysis?claude=1`);
      const form = await fetch(`${ui.url}/api/analysis`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'claude=1',
      });
      const crossSite = await fetch(`${ui.url}/api/analysis`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
        body: query,
      });
      // Assess
      expect([get.status, form.status, crossSite.status]).toEqual([405, 415, 403]);
      expect((await get.json()).error.code).toBe('MethodNotAllowed');
      expect({ bedrock: bedrock.stats.calls, cloudtrail: cloudtrail.stats.calls }).toEqual(before);
    });

    it('shows heatmap, top actions, predictions, anomalies, policy and the Claude narrative', async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
      try {
        await page.goto(ui.url);
        await page.waitForFunction(() =>
          document.getElementById('status')?.textContent?.startsWith('Updated'),
        );
        // Choose the time range of the data (the default, the last 24 hours, holds nothing) and analyse.
        await page.fill('#start', '2024-07-01T00:00:00');
        await page.fill('#end', '2024-12-31T00:00:00');
        await page.uncheck('#claude');
        await page.click('button[type=submit]');
        await page.waitForFunction(
          (total) => document.querySelector('[data-stat=events] b')?.textContent === String(total),
          events.length,
        );
        const cells = await page.$$eval('#heatmap td', (tds) =>
          tds.map((td) => Number(td.getAttribute('data-count'))),
        );
        expect(cells).toHaveLength(7 * 24);
        expect(cells.reduce((a, b) => a + b, 0)).toBe(events.length);
        const topAction = await page.textContent('#top-actions .bar b');
        expect(topAction).toBe('DescribeInstanceInformation');

        expect(await page.textContent('#narrative')).toMatch(/skipped: not requested/);

        // Then one identity, with Claude's narrative (Converse on the local Bedrock endpoint).
        await page.selectOption('#identity', 'christophe');
        await page.check('#claude');
        await page.click('button[type=submit]');
        await page.waitForFunction(() =>
          document.getElementById('overview')?.textContent?.includes('identity: christophe'),
        );
        const christophe = events.filter((e) => e.identity === 'christophe').length;
        expect(await page.textContent('[data-stat=events] b')).toBe(String(christophe));
        expect(await page.$$eval('#predictions .bar', (bars) => bars.length)).toBe(5);
        expect(await page.textContent('#anomalies')).toContain('cloudtrail:StopLogging');
        expect(await page.textContent('#policy pre')).toContain('"cloudtrail:StopLogging"');
        expect(await page.textContent('#narrative')).toMatch(/Local model: \d+ events by 1 identities/);
        expect(await page.textContent('#narrative')).toContain(
          'apac.anthropic.claude-sonnet-4-20250514-v1:0',
        );

        mkdirSync(RESULTS, { recursive: true });
        const screenshot = join(RESULTS, 'cloudtrail-web-ui.png');
        await page.screenshot({ path: screenshot, fullPage: true });
        expect(existsSync(screenshot)).toBe(true);
      } finally {
        await page.close();
      }
    });
  },
);
