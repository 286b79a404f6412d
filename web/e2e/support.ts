import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, type TestInfo } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), "../../.local/web-artifacts/screenshots");

/** The order's status can take several seconds to move on a cold stack on a busy machine. */
export const ORDER_STATUS_TIMEOUT = 60_000;

export const admin = {
  email: process.env.E2E_ADMIN_EMAIL ?? "admin@shop.local",
  password: process.env.E2E_ADMIN_PASSWORD ?? "Admin-Passw0rd",
};

export function newShopper(testInfo: TestInfo) {
  const unique = `${Date.now().toString(36)}${testInfo.project.name}`;
  return { name: `E2E Shopper ${testInfo.project.name}`, email: `e2e-${unique}@example.com`, password: "E2e-Passw0rd-1" };
}

/** Scan the page as it is now: no serious or critical accessibility violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
  expect(blocking, `accessibility of ${what}`).toEqual([]);
}

/** Nothing wider than the viewport (a phone must never scroll sideways). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

/** Check the page (accessibility, no sideways scrolling) and keep a screenshot of it under .local/. */
export async function checkPage(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await expectAccessible(page, name);
  await expectNoHorizontalScroll(page);
  const path = `${SCREENSHOTS}/${testInfo.project.name}/${name}.png`;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
}

export async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/**
 * Through the API, not the UI: make sure the product the journey buys exists (a fresh test stack
 * has no catalog) and has stock for this run (a `make up` stack keeps its stock between runs).
 */
export async function ensureStockedProduct(request: APIRequestContext, baseURL: string, name: string): Promise<void> {
  const { apiUrl } = (await (await request.get(`${baseURL}/config.json`)).json()) as { apiUrl: string };
  const login = await request.post(`${apiUrl}/v1/auth/login`, { data: admin });
  expect(login.status(), `admin login of ${admin.email}`).toBe(200);
  const headers = { Authorization: `Bearer ${((await login.json()) as { id_token: string }).id_token}` };
  const found = await request.get(`${apiUrl}/v1/products`, { params: { q: name, limit: 10 } });
  const items = ((await found.json()) as { items: { id: string; name: string; stock: number; version: number }[] }).items;
  const product = items.find((item) => item.name === name);
  const answer = !product
    ? await request.post(`${apiUrl}/v1/products`, {
        headers,
        data: { name, category: "kitchen", price: 2499, currency: "EUR", stock: 100, description: "Large, with juice groove." },
      })
    : product.stock < 20
      ? await request.patch(`${apiUrl}/v1/products/${product.id}`, { headers, data: { stock: 100, version: product.version } })
      : null;
  if (answer) expect(answer.ok(), `stocking ${name}: ${answer.status()} ${await answer.text()}`).toBe(true);
}
