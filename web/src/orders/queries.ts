import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, type Schemas } from "../api/client";
import { ApiError } from "../api/errors";
import { useServices } from "../app/services";
import { pollInterval } from "./status";

export type Order = Schemas["Order"];
export type Payment = Schemas["Payment"];
export type Shipment = Schemas["Shipment"];

export function useMyOrders() {
  const { api } = useServices();
  return useInfiniteQuery({
    queryKey: ["me", "orders"],
    queryFn: ({ pageParam }) => call(api.GET("/v1/orders", { params: { query: { limit: 20, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** One order, asked for again until it reaches a final status, so its page follows it live. */
export function useOrder(orderId: string) {
  const { api } = useServices();
  return useQuery({
    queryKey: ["me", "order", orderId],
    queryFn: () => call(api.GET("/v1/orders/{order_id}", { params: { path: { order_id: orderId } } })),
    refetchInterval: (query) => pollInterval(query.state.data?.status),
    staleTime: 0,
  });
}

/** A 404 from a payment or shipment that does not exist yet is "not yet", not an error. */
async function unlessMissing<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Read again whenever the order's status changes: that is when payment and shipment move. */
export function usePayment(order: Order) {
  const { api } = useServices();
  const path = { order_id: order.id };
  return useQuery({
    queryKey: ["me", "payment", order.id, order.status],
    queryFn: () => unlessMissing(call(api.GET("/v1/orders/{order_id}/payment", { params: { path } }))),
    placeholderData: keepPreviousData,
  });
}

export function useShipment(order: Order) {
  const { api } = useServices();
  const path = { order_id: order.id };
  return useQuery({
    queryKey: ["me", "shipment", order.id, order.status],
    queryFn: () => unlessMissing(call(api.GET("/v1/orders/{order_id}/shipment", { params: { path } }))),
    enabled: order.status !== "PENDING",
    placeholderData: keepPreviousData,
  });
}

export function useCancelOrder(orderId: string) {
  const { api } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST("/v1/orders/{order_id}/cancel", { params: { path: { order_id: orderId } } })),
    onSuccess: (order) => {
      queryClient.setQueryData(["me", "order", orderId], order);
      return queryClient.invalidateQueries({ queryKey: ["me", "orders"] });
    },
  });
}
