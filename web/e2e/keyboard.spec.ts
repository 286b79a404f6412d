import { expect, test } from "@playwright/test";
import { ensureStockedProduct } from "./support";

test.beforeAll(async ({ request, baseURL }) => {
  await ensureStockedProduct(request, baseURL!, "Bamboo Cutting Board"); // a fresh stack has no catalog
});

/* Keyboard only: the skip link comes first, focus is visible, a product opens with Enter. */
test("the catalog can be used with the keyboard alone", async ({ page }) => {
  await page.goto("/");
  const firstProduct = page.getByRole("list", { name: "Products", exact: true }).getByRole("link").first();
  await expect(firstProduct).toBeVisible();

  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to content" });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeInViewport();

  const name = (await firstProduct.textContent())!;
  for (let presses = 0; presses < 20 && !(await firstProduct.evaluate((link) => link === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(firstProduct).toBeFocused();
  const outline = await firstProduct.evaluate((link) => getComputedStyle(link.closest("li")!).outlineStyle);
  expect(outline, "the focused card shows an outline").not.toBe("none");

  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await page.getByLabel("Quantity").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeFocused();
});
