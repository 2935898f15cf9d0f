// The browser tests drive the same Chromium as the scripts (scripts/lib/chromium.mjs:
// Debian's Chromium through playwright-core, headless, offline), at a fixed viewport.
import * as fs from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, launchChromium as launch } from '../../scripts/lib/chromium.mjs';

export { CHROMIUM };

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (!fs.existsSync(CHROMIUM))
    return `Chromium not found at ${CHROMIUM} (install Debian's chromium, or set CNN_CHROMIUM): browser tests skipped`;
  return null;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export const launchChromium = (viewport = { width: 1400, height: 1000 }): Promise<Browser> =>
  launch({ viewport }) as Promise<Browser>;
