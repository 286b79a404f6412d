import type { Schemas } from "../api/client";

type ProductPage = Schemas["ProductPage"];

/** How many products the category list is read off, and in at most how many requests. */
export const CATEGORY_SAMPLE = 100;
export const MAX_CATEGORY_PAGES = 5;

/**
 * The categories of the first CATEGORY_SAMPLE products, sorted. A page may hold fewer products
 * than its limit and still have a next cursor (the API's description: a small catalog's thin
 * shards), so the pages are followed until the sample is complete, the catalog ends, or
 * MAX_CATEGORY_PAGES requests were made.
 */
export async function categoriesIn(fetchPage: (cursor: string | undefined) => Promise<ProductPage>): Promise<string[]> {
  const categories = new Set<string>();
  let cursor: string | undefined;
  let seen = 0;
  for (let request = 0; request < MAX_CATEGORY_PAGES; request++) {
    const page = await fetchPage(cursor);
    page.items.forEach((product) => categories.add(product.category));
    seen += page.items.length;
    cursor = page.next_cursor ?? undefined;
    if (!cursor || seen >= CATEGORY_SAMPLE) break;
  }
  return [...categories].sort();
}
