import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { call, type Schemas } from "../api/client";
import { useServices } from "../app/services";
import { CATEGORY_SAMPLE, categoriesIn } from "./categories";

export type Product = Schemas["Product"];
export const PAGE_SIZE = 12;

export interface CatalogFilter {
  q?: string | undefined;
  category?: string | undefined;
}

export function useProductPages(filter: CatalogFilter) {
  const { publicApi } = useServices();
  return useInfiniteQuery({
    queryKey: ["products", filter],
    queryFn: ({ pageParam }) =>
      call(publicApi.GET("/v1/products", { params: { query: { ...filter, limit: PAGE_SIZE, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function useProduct(productId: string) {
  const { publicApi } = useServices();
  return useQuery({
    queryKey: ["product", productId],
    queryFn: () => call(publicApi.GET("/v1/products/{product_id}", { params: { path: { product_id: productId } } })),
  });
}

/**
 * The categories in use. The API has no list of them, so they are read off the first products
 * (categoriesIn), once the grid has loaded: on a cold stack a second request at the same time would
 * cold-start a second function worker next to the grid's.
 */
export function useCategories(enabled: boolean) {
  const { publicApi } = useServices();
  return useQuery({
    queryKey: ["categories"],
    queryFn: () =>
      categoriesIn((cursor) =>
        call(publicApi.GET("/v1/products", { params: { query: { limit: CATEGORY_SAMPLE, cursor } } })),
      ),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function availability(stock: number): string {
  if (stock <= 0) return "Out of stock";
  if (stock <= 5) return `Only ${stock} left`;
  return "In stock";
}
