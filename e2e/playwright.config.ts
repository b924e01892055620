// Runs the `.spec.ts` files Tripwire exports (GET /api/v1/suites/{name}/export).
//
// The browser is Debian's Chromium (or TRIPWIRE_BROWSER_PATH), never a Playwright download:
// `npx playwright install` cannot reach its CDN on our machines. Launch options live here and
// only here: a spec that called `test.use({ launchOptions })` would replace this whole object
// and lose `executablePath`, so exported specs never set them.
//
//   TRIPWIRE_SPEC_DIR     where the specs are (default ./specs)
//   TRIPWIRE_OUTPUT_DIR   Playwright's test-results folder (default ./test-results)
//   TRIPWIRE_BROWSER_PATH the Chromium binary (default /usr/bin/chromium, else `chromium` on PATH)
//   BASE_URL              read by each spec: the deployment to test instead of the suite's base_url
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

function chromiumPath(): string {
  if (process.env.TRIPWIRE_BROWSER_PATH) return process.env.TRIPWIRE_BROWSER_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf-8',
    }).trim();
  } catch {
    return '/usr/bin/chromium';
  }
}

export default defineConfig({
  testDir: process.env.TRIPWIRE_SPEC_DIR || './specs',
  outputDir: process.env.TRIPWIRE_OUTPUT_DIR || './test-results',
  // One browser at a time: exported suites share one page across their cases (describe.serial),
  // and two browsers on two cores were slower than one.
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
