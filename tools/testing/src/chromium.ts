import { type Browser, chromium } from 'playwright-core';
import { findExecutable, requirePart } from './parts.ts';

/** Debian's chromium (or CHROMIUM_PATH); Playwright cannot download its own browser on these machines. */
export function chromiumPath(): string | undefined {
  return findExecutable(process.env.CHROMIUM_PATH ?? 'chromium') ?? findExecutable('chromium-browser');
}

/** Whether a headless Chromium is here; throws under CI=true when it is not. */
export function chromiumAvailable(): boolean {
  return requirePart(
    'chromium',
    chromiumPath() !== undefined,
    'apt-get install -y chromium, or set CHROMIUM_PATH',
  );
}

/**
 * Launches headless Chromium with the flags this closed network needs (and a fresh temporary profile).
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(url);
 * await browser.close();
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium not found');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  // Playwright gives every launch a fresh temporary profile of its own and removes it on close.
  return browser;
}
