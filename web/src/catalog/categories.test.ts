import { describe, expect, it } from "vitest";
import type { Schemas } from "../api/client";
import { categoriesIn, MAX_CATEGORY_PAGES } from "./categories";

type Product = Schemas["Product"];

function product(n: number, category: string): Product {
  return {
    id: `p${n}`, name: `Product ${n}`, description: "", category, price: 100, currency: "EUR", stock: 1,
    version: 1, created_at: "2026-12-02T00:00:00Z", updated_at: "2026-12-02T00:00:00Z",
  };
}

/** A catalog served as the API may serve it: short pages, each with a cursor to the next. */
function catalog(categories: string[], perPage: number) {
  const products = categories.map((category, n) => product(n, category));
  const requests: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined) => {
    requests.push(cursor);
    const start = cursor ? Number(cursor) : 0;
    const end = start + perPage;
    return { items: products.slice(start, end), next_cursor: end < products.length ? String(end) : null };
  };
  return { fetchPage, requests };
}

describe("categoriesIn", () => {
  it("follows short pages, so a category past the first page is listed", async () => {
    const { fetchPage, requests } = catalog(["kitchen", "books", "kitchen", "outdoors", "books", "toys"], 2);
    expect(await categoriesIn(fetchPage)).toEqual(["books", "kitchen", "outdoors", "toys"]);
    expect(requests).toEqual([undefined, "2", "4"]);
  });

  it("stops at the sample size and at the request budget", async () => {
    const full = catalog(Array.from({ length: 300 }, (_, n) => `c${n % 7}`), 100);
    await categoriesIn(full.fetchPage);
    expect(full.requests).toEqual([undefined]);
    const thin = catalog(Array.from({ length: 300 }, (_, n) => `c${n}`), 1);
    expect(await categoriesIn(thin.fetchPage)).toHaveLength(MAX_CATEGORY_PAGES);
    expect(thin.requests).toHaveLength(MAX_CATEGORY_PAGES);
  });
});
