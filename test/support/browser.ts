import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Browser tests drive Debian's Chromium through playwright-core; nothing is downloaded. */
export const CHROMIUM_PATH = process.env.TELLER_CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_INSTALL_HINT =
  `Browser tests need Chromium at ${CHROMIUM_PATH}. Install it with: ` +
  'sudo apt-get install -y chromium   (or set TELLER_CHROMIUM_PATH to another Chromium binary)';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium, or fails with the command that installs it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_INSTALL_HINT);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}
