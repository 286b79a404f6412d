import { expect, type Page, test } from "@playwright/test";
import { admin, checkPage, newShopper, ORDER_STATUS_TIMEOUT, ensureStockedProduct, signIn } from "./support";

/*
 * One shopper and one admin, each in a browser context of their own, through the whole life of
 * an order. The same journey runs on a desktop and on a 390×844 phone (playwright.config.ts).
 */
const PRODUCT = "Bamboo Cutting Board";

test.beforeAll(async ({ request, baseURL }) => {
  await ensureStockedProduct(request, baseURL!, PRODUCT);
});

const orderStatus = (page: Page) => page.getByRole("status").filter({ has: page.locator(".badge") });

test("shop, follow the order live, and run the shop", async ({ browser, page }, testInfo) => {
  const shopper = newShopper(testInfo);

  await test.step("browse and search the catalog", async () => {
    await page.goto("/");
    const grid = page.getByRole("list", { name: "Products", exact: true });
    await expect(grid.getByRole("listitem").first()).toBeVisible();
    await checkPage(page, testInfo, "catalog");
    await page.getByRole("searchbox", { name: "Search products" }).fill("bamboo");
    await page.getByRole("searchbox", { name: "Search products" }).press("Enter");
    await expect(grid.getByRole("link", { name: PRODUCT, exact: true })).toBeVisible();
    await checkPage(page, testInfo, "search");
  });

  await test.step("sign up", async () => {
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Name").fill(shopper.name);
    await page.getByLabel("Email").fill(shopper.email);
    await page.getByLabel("Password").fill(shopper.password);
    await checkPage(page, testInfo, "sign-up");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  });

  const buy = async () => {
    await page.goto(`/?q=${encodeURIComponent("bamboo")}`);
    await page.getByRole("link", { name: PRODUCT, exact: true }).click();
    await expect(page.getByRole("heading", { name: PRODUCT })).toBeVisible();
    await page.getByLabel("Quantity").fill("1");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText("Added.")).toBeVisible();
  };

  await test.step("add to cart", async () => {
    await buy();
    await checkPage(page, testInfo, "product");
    await page.getByRole("link", { name: "Cart", exact: true }).click();
    await expect(page.getByRole("list", { name: "Cart lines" }).getByRole("link", { name: PRODUCT, exact: true })).toBeVisible();
    await checkPage(page, testInfo, "cart");
  });

  let paidOrder = "";
  await test.step("check out to a new address and see the order reach PAID live", async () => {
    await page.getByRole("link", { name: "Checkout" }).click();
    await page.getByLabel("Recipient").fill(shopper.name);
    await page.getByLabel("Address line 1").fill("1 Test Street");
    await page.getByLabel("City").fill("Berlin");
    await page.getByLabel("Postal code").fill("10115");
    await page.getByLabel("Country").fill("DE");
    await page.getByLabel("Test card: succeeds").check();
    await checkPage(page, testInfo, "checkout");
    await page.getByRole("button", { name: "Place order" }).dblclick(); // one order all the same
    await expect(page).toHaveURL(/\/orders\/[\w-]+$/);
    paidOrder = page.url().split("/orders/")[1]!;
    await expect(orderStatus(page)).toContainText("Paid", { timeout: ORDER_STATUS_TIMEOUT });
    await checkPage(page, testInfo, "order-paid");
  });

  await test.step("save an address, order again and cancel that order", async () => {
    await page.getByRole("link", { name: "Account" }).click();
    const form = page.getByRole("form", { name: "New address" });
    await form.getByLabel("Recipient").fill(shopper.name);
    await form.getByLabel("Address line 1").fill("2 Saved Road");
    await form.getByLabel("City").fill("Hamburg");
    await form.getByLabel("Postal code").fill("20095");
    await form.getByLabel("Country").fill("DE");
    await form.getByRole("button", { name: "Add address" }).click();
    await expect(page.getByText("2 Saved Road")).toBeVisible();
    await checkPage(page, testInfo, "account");

    await buy();
    await page.getByRole("link", { name: "Cart", exact: true }).click();
    await page.getByRole("link", { name: "Checkout" }).click();
    await expect(page.getByRole("radio", { name: /2 Saved Road/ })).toBeChecked();
    await page.getByLabel("Test card: fails once then succeeds").check();
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(orderStatus(page)).toContainText("Paid", { timeout: ORDER_STATUS_TIMEOUT });
    await page.getByRole("button", { name: "Cancel order" }).click();
    await expect(orderStatus(page)).toContainText("Cancelled", { timeout: ORDER_STATUS_TIMEOUT });
    await checkPage(page, testInfo, "order-cancelled");

    await page.getByRole("link", { name: "Orders", exact: true }).click();
    await expect(page.getByRole("list", { name: "Orders" }).getByRole("listitem")).toHaveCount(2);
    await checkPage(page, testInfo, "orders");
    await page.goto(`/orders/${paidOrder}`); // a deep link, loaded afresh
    await expect(orderStatus(page)).toContainText("Paid");
  });

  const adminContext = await browser.newContext();
  const productName = `E2E Lamp ${Date.now().toString(36)}`;
  let productPage = "";
  const console = await adminContext.newPage();
  await test.step("as admin, create a product", async () => {
    await signIn(console, admin);
    await console.getByRole("link", { name: "Admin" }).click();
    await checkPage(console, testInfo, "admin-products");
    await console.getByRole("button", { name: "New product" }).click();
    const name = productName;
    await console.getByLabel("Name").fill(name);
    await console.getByLabel("Category").fill("lighting");
    await console.getByLabel("Price").fill("19.90");
    await console.getByLabel("Currency").fill("EUR");
    await console.getByLabel("Stock").fill("7");
    await console.getByLabel("Description").fill("Made by the end-to-end test.");
    await checkPage(console, testInfo, "admin-new-product");
    await console.getByRole("button", { name: "Save" }).click();
    await expect(console.getByRole("heading", { name: `Edit ${name}` })).toBeVisible();
    await checkPage(console, testInfo, "admin-edit-product");
    productPage = console.url();
  });

  await test.step("as admin, ship and deliver while the shopper's page follows", async () => {
    await console.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Orders" }).click();
    await console.getByLabel("Status").selectOption("PAID");
    await console.getByRole("link", { name: new RegExp(`Order ${paidOrder.slice(0, 8)}`) }).click();
    await checkPage(console, testInfo, "admin-order");
    await console.getByRole("button", { name: "Mark shipped" }).click();
    await expect(orderStatus(page)).toContainText("Shipped", { timeout: ORDER_STATUS_TIMEOUT });
    await expect(console.getByRole("button", { name: "Mark delivered" })).toBeEnabled();
    await console.getByRole("button", { name: "Mark delivered" }).click();
    await expect(orderStatus(page)).toContainText("Delivered", { timeout: ORDER_STATUS_TIMEOUT });
    await checkPage(page, testInfo, "order-delivered");
  });

  await test.step("as admin, delete the product the test made", async () => {
    await console.goto(productPage);
    await console.getByRole("button", { name: "Delete product" }).click();
    await console.getByRole("button", { name: "Yes, delete this product" }).click();
    await expect(console.getByRole("button", { name: "New product" })).toBeVisible();
  });

  await test.step("sign out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await checkPage(page, testInfo, "sign-in");
  });
  await adminContext.close();
});
