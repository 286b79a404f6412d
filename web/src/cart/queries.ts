import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, type Schemas } from "../api/client";
import { useServices, useSession } from "../app/services";

export type Cart = Schemas["Cart"];
export const CART_KEY = ["me", "cart"] as const;

export function useCart() {
  const { api } = useServices();
  const { user } = useSession();
  return useQuery({
    queryKey: CART_KEY,
    queryFn: () => call(api.GET("/v1/cart")),
    enabled: user !== null,
  });
}

/** Set a line's quantity (0 removes it); the answer is the whole cart. */
export function useSetQuantity() {
  const { api } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ productId, quantity }: { productId: string; quantity: number }) =>
      call(
        quantity === 0
          ? api.DELETE("/v1/cart/items/{product_id}", { params: { path: { product_id: productId } } })
          : api.PUT("/v1/cart/items/{product_id}", { params: { path: { product_id: productId } }, body: { quantity } }),
      ),
    onSuccess: (cart) => queryClient.setQueryData(CART_KEY, cart),
  });
}

export function itemCount(cart: Cart | undefined): number {
  return cart?.items.reduce((count, line) => count + line.quantity, 0) ?? 0;
}
