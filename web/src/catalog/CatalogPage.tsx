import { type FormEvent, useState } from "react";
import { navigate, useLocation } from "../app/router";
import { ErrorMessage, SkeletonGrid, Spinner } from "../ui/feedback";
import { Page } from "../ui/Page";
import { ProductCard } from "./ProductCard";
import { useCategories, useProductPages } from "./queries";

function catalogHref(q: string, category: string): string {
  const query = new URLSearchParams();
  if (q) query.set("q", q);
  if (category) query.set("category", category);
  const search = query.toString();
  return search ? `/?${search}` : "/";
}

export function CatalogPage() {
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const category = query.get("category") ?? "";
  const pages = useProductPages({ q: q || undefined, category: category || undefined });
  const products = pages.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Page title={q ? `Products matching “${q}”` : "Products"}>
      <CatalogFilters key={q + category} q={q} category={category} gridLoaded={!pages.isPending} />
      <ErrorMessage error={pages.error} onRetry={() => pages.refetch()} />
      {pages.isPending ? (
        <SkeletonGrid />
      ) : products.length === 0 && !pages.error ? (
        <p>No products match. Try another search or category.</p>
      ) : (
        <ul className="grid" aria-label="Products">
          {products.map((product) => (
            <ProductCard key={product.id} product={product} />
          ))}
        </ul>
      )}
      {pages.isFetchingNextPage && <Spinner label="Loading more products…" />}
      {pages.hasNextPage && !pages.isFetchingNextPage && (
        <button type="button" className="secondary wide" onClick={() => pages.fetchNextPage()}>
          More products
        </button>
      )}
    </Page>
  );
}

function CatalogFilters({ q, category, gridLoaded }: { q: string; category: string; gridLoaded: boolean }) {
  const categories = useCategories(gridLoaded);
  const [text, setText] = useState(q);

  function search(event: FormEvent) {
    event.preventDefault();
    navigate(catalogHref(text.trim(), category));
  }

  return (
    <div className="filters">
      <form role="search" onSubmit={search} className="search">
        <label htmlFor="search" className="visually-hidden">
          Search products
        </label>
        <input id="search" type="search" placeholder="Search products" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <div className="field inline">
        <label htmlFor="category">Category</label>
        <select id="category" value={category} onChange={(e) => navigate(catalogHref(q, e.target.value))}>
          <option value="">All categories</option>
          {(categories.data ?? (category ? [category] : [])).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
