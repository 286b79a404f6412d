import { defineConfig, devices } from "@playwright/test";

/*
 * End-to-end tests against a deployed stack and the storefront's static server:
 *   STOREFRONT_URL=http://127.0.0.1:5173 E2E_ADMIN_EMAIL=… E2E_ADMIN_PASSWORD=… npx playwright test
 * Chromium is Debian's (/usr/bin/chromium); Playwright's own browser download is never used.
 */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  // Without the background-networking flags Chromium's own connections are refused on a closed network.
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  retries: 0, // a flaky test is fixed, not retried
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 30_000 }, // a cold function on a busy 2-core machine takes seconds,
  reporter: [["list"]],
  outputDir: "../.local/web-artifacts/test-results",
  use: {
    baseURL: process.env.STOREFRONT_URL ?? "http://127.0.0.1:5173",
    launchOptions: chromium,
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
    { name: "phone", use: { ...devices["Desktop Chrome"], viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  ],
});
