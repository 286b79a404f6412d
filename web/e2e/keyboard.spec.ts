import { expect, test } from "@playwright/test";
import { ensureStockedProduct } from "./support";

const PRODUCT = "Bamboo Cutting Board"; // in stock: the integration tests leave sold-out products behind

test.beforeAll(async ({ request, baseURL }) => {
  await ensureStockedProduct(request, baseURL!, PRODUCT);
});

/* Keyboard only: the skip link comes first, focus is visible, a product opens with Enter. */
test("the catalog can be used with the keyboard alone", async ({ page }) => {
  await page.goto("/?q=bamboo");
  const product = page.getByRole("list", { name: "Products", exact: true }).getByRole("link", { name: PRODUCT, exact: true });
  await expect(product).toBeVisible();

  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to content" });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeInViewport();

  for (let presses = 0; presses < 30 && !(await product.evaluate((link) => link === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(product).toBeFocused();
  const outline = await product.evaluate((link) => getComputedStyle(link.closest("li")!).outlineStyle);
  expect(outline, "the focused card shows an outline").not.toBe("none");

  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: PRODUCT })).toBeVisible();
  await page.getByLabel("Quantity").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeFocused();
});
