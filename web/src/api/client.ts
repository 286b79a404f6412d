import createClient, { type Client } from "openapi-fetch";
import type { Session } from "../session/session";
import { reportingReachability } from "../ui/online";
import { errorFromBody, toApiError } from "./errors";
import type { components, paths } from "./schema";

export type Api = Client<paths>;
export type Schemas = components["schemas"];

type Send = (request: Request) => Promise<Response>;

/**
 * Requests the gateway throttled (429 without the API's `code`: the function never ran, e.g. at
 * the local stack's per-function cap) are sent again after a short, growing pause. The API's own
 * 429s (too many sign-in attempts) are answers and are returned as they are.
 */
export function retryingThrottles(send: Send, attempts = 8, pause = (n: number) => 100 * 2 ** n): Send {
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const response = await send(request.clone());
      if (response.status !== 429 || attempt >= attempts - 1) return response;
      const body = await response.clone().json().catch(() => ({}));
      if (body && typeof body === "object" && "code" in body) return response;
      await new Promise((resolve) => setTimeout(resolve, pause(attempt) * (0.5 + Math.random())));
    }
  };
}

const network: Send = retryingThrottles(reportingReachability((request) => fetch(request)));

/** A client without a session: the catalog and the auth routes. */
export function publicClient(apiUrl: string): Api {
  return createClient<paths>({ baseUrl: apiUrl, fetch: network });
}

/**
 * A client that sends the session's ID token (the API's authorizer takes it, and only the ID token
 * carries `cognito:groups`) and, on a 401, renews the tokens once and repeats the request.
 */
export function sessionClient(apiUrl: string, session: Session): Api {
  const send = network;
  async function authorizedFetch(request: Request): Promise<Response> {
    const repeat = request.clone();
    const token = await session.validIdToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    const response = await send(request);
    if (response.status !== 401 || !token) return response;
    const renewed = await session.refresh();
    if (!renewed) return response;
    repeat.headers.set("Authorization", `Bearer ${renewed}`);
    return send(repeat);
  }
  return createClient<paths>({ baseUrl: apiUrl, fetch: authorizedFetch });
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; anything else thrown as an ApiError built from the body. */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (error) {
    throw toApiError(error);
  }
  if (!result.response.ok) throw errorFromBody(result.response.status, result.error);
  return result.data as T;
}
