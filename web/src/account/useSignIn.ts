import { useMutation, useQueryClient } from "@tanstack/react-query";
import { call } from "../api/client";
import { useServices } from "../app/services";

export interface Credentials {
  email: string;
  password: string;
}

export function useSignIn() {
  const { publicApi, session } = useServices();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => call(publicApi.POST("/v1/auth/login", { body: credentials })),
    onSuccess: (tokens) => {
      queryClient.removeQueries({ queryKey: ["me"] });
      session.signIn(tokens);
    },
  });
}

export function useSignOut() {
  const { api, session } = useServices();
  return useMutation({
    // Revoke the refresh token on the way out; the session ends here whatever the API answers.
    mutationFn: () => call(api.POST("/v1/auth/logout", { body: { refresh_token: session.refreshToken } })),
    onSettled: () => session.signOut(),
  });
}
