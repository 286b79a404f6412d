import { expect, test } from "@playwright/test";
import { checkPage, ensureStockedProduct, newShopper } from "./support";

const PRODUCT = "Bamboo Cutting Board";

test.beforeAll(async ({ request, baseURL }) => {
  await ensureStockedProduct(request, baseURL!, PRODUCT); // a fresh stack has no catalog
});

/* The PWA: the service worker keeps the app shell and the catalog pages last seen. */
test("browsing works offline and checkout says it needs the network", async ({ page, context }, testInfo) => {
  const shopper = newShopper(testInfo);
  await page.goto("/signup");
  await page.getByLabel("Name").fill(shopper.name);
  await page.getByLabel("Email").fill(shopper.email);
  await page.getByLabel("Password").fill(shopper.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await page.goto("/?q=bamboo"); // now under the service worker, which caches the catalog as it is read
  const product = page.getByRole("list", { name: "Products", exact: true }).getByRole("link", { name: PRODUCT, exact: true });
  await expect(product).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText("You are offline.")).toBeVisible();
  await expect(product).toBeVisible();
  await checkPage(page, testInfo, "offline-catalog");

  await page.goto("/checkout");
  await expect(page.getByText("Checkout needs the network.")).toBeVisible();
  await checkPage(page, testInfo, "offline-checkout");
  await context.setOffline(false);
});
