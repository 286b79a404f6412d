import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { call, type Schemas } from "../api/client";
import { useServices } from "../app/services";
import { AttemptKey } from "../checkout/attemptKey";

export type NewProduct = Schemas["NewProduct"];
export type ProductChanges = Schemas["ProductChanges"];
export const ORDER_STATUSES = ["PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"] as const;
export type OrderStatusFilter = (typeof ORDER_STATUSES)[number] | "";

export function useAllOrders(status: OrderStatusFilter) {
  const { api } = useServices();
  return useInfiniteQuery({
    queryKey: ["me", "admin-orders", status],
    queryFn: ({ pageParam }) =>
      call(api.GET("/v1/admin/orders", { params: { query: { status: status || undefined, limit: 20, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    refetchInterval: 5000,
  });
}

function useCatalogMutation<T, R>(action: (variables: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ["products"] }), queryClient.invalidateQueries({ queryKey: ["product"] })]),
  });
}

/** Create a product once per attempt, however often Save is pressed (see AttemptKey). */
export function useCreateProduct() {
  const { api } = useServices();
  const attempt = useRef(new AttemptKey()).current;
  return useCatalogMutation(async (product: NewProduct) => {
    const created = await call(api.POST("/v1/products", { body: product, params: { header: { "idempotency-key": attempt.for(product) } } }));
    attempt.finish();
    return created;
  });
}

export function useUpdateProduct(productId: string) {
  const { api } = useServices();
  return useCatalogMutation((changes: ProductChanges) =>
    call(api.PATCH("/v1/products/{product_id}", { params: { path: { product_id: productId } }, body: changes })),
  );
}

export function useDeleteProduct(productId: string) {
  const { api } = useServices();
  return useCatalogMutation(() => call(api.DELETE("/v1/products/{product_id}", { params: { path: { product_id: productId } } })));
}

export function useAdvanceShipment(orderId: string) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ shipmentId, status }: { shipmentId: string; status: "SHIPPED" | "DELIVERED" }) =>
      call(api.PATCH("/v1/shipments/{shipment_id}", { params: { path: { shipment_id: shipmentId } }, body: { status } })),
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => query.queryKey.includes(orderId) }),
  });
}
