import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; playwright-core drives it and downloads no browser of its own. */
export const CHROMIUM_PATH = process.env['UPWATCH_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where the browser tests write their screenshots, to be looked at after a run. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../../test-artifacts/screenshots/', import.meta.url));

/**
 * Why the browser tests cannot run here, or null when they can. In CI a missing Chromium is a
 * failure, never a skip: the test command installs it, so its absence there is a broken set-up.
 */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  if (process.env['CI']) throw new Error(`${reason}; CI must not skip the browser tests`);
  return reason;
}

/**
 * Headless Chromium with the flags this machine needs: as root it runs without the sandbox, and
 * with no background networking it makes no connection but to the page's own server. Playwright
 * gives it a new empty profile of its own and removes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
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
}

/** The path a screenshot of this name is written to (the folder is made on first use). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name}.png`);
}
