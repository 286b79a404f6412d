import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import type { Address } from "../account/queries";
import { call, type Schemas } from "../api/client";
import { ApiError } from "../api/errors";
import { navigate } from "../app/router";
import { useServices } from "../app/services";
import { AttemptKey } from "./attemptKey";

export type PlaceOrderBody = Schemas["PlaceOrder"];

export interface Checkout {
  body: PlaceOrderBody;
  /** The cart as it was shown: part of what makes an attempt the same attempt. */
  cartLines: unknown;
  /** The saved address `body.address_id` names, if one was chosen. */
  savedAddress?: Address | undefined;
}

/** A saved address as an order's inline shipping address. */
function shippingAddressOf({ recipient, line1, line2, city, region, postal_code, country, phone }: Address) {
  return { recipient, line1, city, postal_code, country, ...(line2 ? { line2 } : {}), ...(region ? { region } : {}), ...(phone ? { phone } : {}) };
}

/**
 * Place the cart as an order and go to its page. The Idempotency-Key belongs to the attempt: the
 * same cart, address and payment sent again (a double click, "Try again" after a timeout) reuse
 * it, so one order is placed; a changed cart, address or payment, or a success, starts a new one.
 */
export function usePlaceOrder() {
  const { api } = useServices();
  const queryClient = useQueryClient();
  const attempt = useRef(new AttemptKey()).current;

  const place = (body: PlaceOrderBody, cartLines: unknown) =>
    call(api.POST("/v1/orders", { body, params: { header: { "idempotency-key": attempt.for({ body, cartLines }) } } }));

  return useMutation({
    mutationFn: async ({ body, cartLines, savedAddress }: Checkout) => {
      try {
        return await place(body, cartLines);
      } catch (error) {
        // The orders service learns of addresses from the users service's events, so one saved a
        // moment ago may not have reached it yet (404, nothing placed): send it inline instead.
        if (!(savedAddress && error instanceof ApiError && error.code === "address_not_found")) throw error;
        return place({ shipping_address: shippingAddressOf(savedAddress), payment_token: body.payment_token }, cartLines);
      }
    },
    onSuccess: (order) => {
      attempt.finish();
      queryClient.setQueryData(["me", "order", order.id], order);
      // Leave checkout before the emptied cart is read again, which would show "Your cart is empty".
      navigate(`/orders/${order.id}`);
      return queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
}
