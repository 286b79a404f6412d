import { useSyncExternalStore } from "react";

/*
 * Whether the shop is reachable. navigator.onLine alone is not enough: it says nothing of a
 * network that is up but leads nowhere, and pages served by the service worker may see it true
 * while offline. So every API call reports what it saw: a failed fetch, or a copy the service
 * worker kept (public/sw.js marks those), means offline until a real answer arrives.
 */
export const OFFLINE_COPY_HEADER = "X-Shop-Offline-Copy";
let unreachable = false;
const listeners = new Set<() => void>();

function setUnreachable(value: boolean): void {
  if (unreachable === value) return;
  unreachable = value;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  const online = () => setUnreachable(false);
  listeners.add(listener);
  window.addEventListener("online", online);
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("online", online);
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine && !unreachable);
}

/** A fetch that reports what it saw to useOnline. */
export function reportingReachability(fetchFn: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const response = await fetchFn(request);
      setUnreachable(response.headers.has(OFFLINE_COPY_HEADER));
      return response;
    } catch (error) {
      setUnreachable(true);
      throw error;
    }
  };
}
