import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (no browser download works here); the flags keep it quiet and sandbox-free in containers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
