import { chromiumPath, launchChromium } from '@mv/testing';
import { type Browser, chromium } from 'playwright-core';

/**
 * `launchChromium()` from @mv/testing, falling back to a plain launch of the same Debian binary when the helper's
 * `--user-data-dir` flag is refused (playwright-core >= 1.5x requires launchPersistentContext for that flag;
 * Playwright then makes and removes its own temporary profile).
 */
export async function startBrowser(): Promise<Browser> {
  try {
    return await launchChromium();
  } catch (error) {
    if (!/userDataDir/.test((error as Error).message)) throw error;
    return chromium.launch({
      executablePath: chromiumPath()!,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
  }
}
