import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { call, type Schemas } from "../api/client";
import { useServices, useSession } from "../app/services";

export type Address = Schemas["Address"];
export type NewAddress = Schemas["NewAddress"];
const ADDRESSES_KEY = ["me", "addresses"] as const;
const PROFILE_KEY = ["me", "profile"] as const;

export function useAddresses() {
  const { api } = useServices();
  const { user } = useSession();
  return useQuery({ queryKey: ADDRESSES_KEY, queryFn: () => call(api.GET("/v1/users/me/addresses")), enabled: user !== null });
}

export function useProfile() {
  const { api } = useServices();
  return useQuery({ queryKey: PROFILE_KEY, queryFn: () => call(api.GET("/v1/users/me")) });
}

export function useRenameProfile() {
  const { api } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call(api.PATCH("/v1/users/me", { body: { name } })),
    onSuccess: (profile) => queryClient.setQueryData(PROFILE_KEY, profile),
  });
}

function useAddressMutation<T>(action: (variables: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["me"] }),
  });
}

export function useAddAddress() {
  const { api } = useServices();
  return useAddressMutation((address: NewAddress) => call(api.POST("/v1/users/me/addresses", { body: address })));
}

export function useMakeDefault() {
  const { api } = useServices();
  return useAddressMutation((addressId: string) =>
    call(api.PATCH("/v1/users/me/addresses/{address_id}", { params: { path: { address_id: addressId } }, body: { is_default: true } })),
  );
}

export function useDeleteAddress() {
  const { api } = useServices();
  return useAddressMutation((addressId: string) =>
    call(api.DELETE("/v1/users/me/addresses/{address_id}", { params: { path: { address_id: addressId } } })),
  );
}
