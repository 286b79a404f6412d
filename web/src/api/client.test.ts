import { afterEach, describe, expect, it, vi } from "vitest";
import { Session, type TokenSet } from "../session/session";
import { call, retryingThrottles, sessionClient } from "./client";
import { ApiError } from "./errors";

const tokens = (id: string): TokenSet => ({ id_token: `${id}.e30.sig`, access_token: "access", refresh_token: "refresh", expires_in: 3600 });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

afterEach(() => vi.unstubAllGlobals());

describe("sessionClient", () => {
  it("renews the tokens on a 401 and repeats the request once with the new token", async () => {
    const sent: string[] = [];
    vi.stubGlobal("fetch", async (request: Request) => {
      sent.push(request.headers.get("Authorization") ?? "");
      return sent.length === 1 ? json(401, { message: "Unauthorized" }) : json(200, { items: [], total: 0, currency: null, updated_at: null });
    });
    const session = new Session(new MemoryStorage(), async () => tokens("renewed"));
    session.signIn(tokens("first"));
    const cart = await call(sessionClient("http://api.test", session).GET("/v1/cart"));
    expect(cart.total).toBe(0);
    expect(sent).toEqual(["Bearer first.e30.sig", "Bearer renewed.e30.sig"]);
  });

  it("gives up with the 401 when the refresh token is refused, and the session has expired", async () => {
    vi.stubGlobal("fetch", async () => json(401, { message: "Unauthorized" }));
    const session = new Session(new MemoryStorage(), async () => {
      throw new ApiError(401, "Refresh Token has been revoked", "invalid_refresh_token");
    });
    session.signIn(tokens("first"));
    await expect(call(sessionClient("http://api.test", session).GET("/v1/cart"))).rejects.toMatchObject({ status: 401 });
    expect(session.snapshot()).toEqual({ user: null, expired: true });
  });
});

describe("retryingThrottles", () => {
  const throttle = () => new Response(JSON.stringify({ Type: "User", message: "Rate Exceeded" }), { status: 429 });
  const request = () => new Request("http://api.test/v1/orders", { method: "POST", body: "{}" });

  it("sends a request the gateway throttled again until it is answered", async () => {
    const answers = [throttle(), throttle(), new Response("{}", { status: 201 })];
    const send = vi.fn(async () => answers.shift() as Response);
    const response = await retryingThrottles(send, 8, () => 0)(request());
    expect(response.status).toBe(201);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it("returns the API's own 429 (it has a code) without asking again", async () => {
    const own = new Response(JSON.stringify({ message: "Too many attempts", code: "too_many_requests" }), { status: 429 });
    const send = vi.fn(async () => own);
    const response = await retryingThrottles(send, 8, () => 0)(request());
    expect(response.status).toBe(429);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
