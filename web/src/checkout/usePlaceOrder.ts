import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import { call, type Schemas } from "../api/client";
import { navigate } from "../app/router";
import { useServices } from "../app/services";
import { AttemptKey } from "./attemptKey";

export type PlaceOrderBody = Schemas["PlaceOrder"];

/**
 * Place the cart as an order and go to its page. The Idempotency-Key belongs to the attempt: the same cart, address
 * and payment sent again (a double click, "Try again" after a timeout) reuse it, so one order is
 * placed; a changed cart, address or payment, or a success, starts a new attempt.
 */
export function usePlaceOrder() {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const attempt = useRef(new AttemptKey()).current;
  return useMutation({
    mutationFn: ({ body, cartLines }: { body: PlaceOrderBody; cartLines: unknown }) =>
      call(
        api.POST("/v1/orders", {
          body,
          params: { header: { "idempotency-key": attempt.for({ body, cartLines }) } },
        }),
      ),
    onSuccess: (order) => {
      attempt.finish();
      queryClient.setQueryData(["me", "order", order.id], order);
      // Leave checkout before the emptied cart is read again, which would show "Your cart is empty".
      navigate(`/orders/${order.id}`);
      return queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
}
