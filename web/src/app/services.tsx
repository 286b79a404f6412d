import { QueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";
import { type Api, call, publicClient, sessionClient } from "../api/client";
import { ApiError } from "../api/errors";
import { Session, type SessionState } from "../session/session";
import type { RuntimeConfig } from "./config";

export interface Services {
  config: RuntimeConfig;
  /** Sends the session's token: everything but signing in. */
  api: Api;
  /** No token: signing up, in, and renewing tokens. */
  publicApi: Api;
  session: Session;
  queryClient: QueryClient;
}

export function createServices(config: RuntimeConfig): Services {
  const publicApi = publicClient(config.apiUrl);
  const session = new Session(window.localStorage, (refreshToken) =>
    call(publicApi.POST("/v1/auth/refresh", { body: { refresh_token: refreshToken } })),
  );
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // An answer from the API will not change by asking again; a lost connection may.
        retry: (failures, error) => failures < 2 && error instanceof ApiError && (error.isOffline || error.status >= 500),
      },
    },
  });
  session.subscribe(() => {
    if (!session.snapshot().user) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === "me" });
  });
  return { config, api: sessionClient(config.apiUrl, session), publicApi, session, queryClient };
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesProvider");
  return services;
}

export function useSession(): SessionState {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.snapshot);
}
