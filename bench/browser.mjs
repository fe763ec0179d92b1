// Headless Chromium for the bench and the engine tests: Debian's chromium
// through playwright-core (Playwright cannot download browsers here).
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Headless flags for this closed network: without the background-networking
 * ones, Chromium keeps opening connections that are refused. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export async function launchBrowser() {
  const executablePath = CANDIDATES.find((path) => path && existsSync(path));
  if (!executablePath) throw new Error('no Chromium found: apt-get install -y chromium (or set CHROMIUM)');
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cratemap-chromium-')), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return context;
}
