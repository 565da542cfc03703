import { chromiumPath, launchChromium } from '@mv/testing';
import { type Browser, chromium } from 'playwright-core';

/**
 * `launchChromium()` from @mv/testing, or, where that helper's `--user-data-dir` flag is refused by this
 * playwright-core version, the same headless launch without it (Playwright then uses a temporary profile).
 */
export async function openChromium(): Promise<Browser> {
  try {
    return await launchChromium();
  } catch (error) {
    if (!/userDataDir/.test(String(error))) throw error;
    return chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage'],
    });
  }
}
