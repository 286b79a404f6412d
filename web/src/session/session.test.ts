import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/errors";
import { REFRESH_MARGIN_MS, Session, type TokenSet } from "./session";

function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${encode({ alg: "RS256" })}.${encode(claims)}.signature`;
}

function tokenSet(name: string, groups: string[] = [], refresh: string | null = "refresh-1"): TokenSet {
  return { id_token: jwt({ sub: `sub-${name}`, email: `${name}@example.com`, name, "cognito:groups": groups }), access_token: "access", refresh_token: refresh, expires_in: 3600 };
}

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

function setup(renew = vi.fn<(refreshToken: string) => Promise<TokenSet>>()) {
  let now = 1_000_000;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const storage = new MemoryStorage();
  const session = new Session(storage, renew, clock.now);
  return { session, storage, renew, clock };
}

describe("Session", () => {
  it("reads the user and the admin group from the ID token", () => {
    const { session } = setup();
    session.signIn(tokenSet("ada", ["admin"]));
    expect(session.snapshot().user).toEqual({ id: "sub-ada", email: "ada@example.com", name: "ada", isAdmin: true });
    session.signIn(tokenSet("bob"));
    expect(session.snapshot().user?.isAdmin).toBe(false);
  });

  it("survives a reload: a new Session on the same storage is signed in", async () => {
    const { session, storage, renew, clock } = setup();
    session.signIn(tokenSet("ada"));
    const reloaded = new Session(storage, renew, clock.now);
    expect(reloaded.snapshot().user?.email).toBe("ada@example.com");
    expect(await reloaded.validIdToken()).toBe(tokenSet("ada").id_token);
    expect(renew).not.toHaveBeenCalled();
  });

  it("renews the tokens shortly before they expire, keeping the refresh token", async () => {
    const { session, renew, clock } = setup();
    session.signIn(tokenSet("ada"));
    renew.mockResolvedValue(tokenSet("ada-renewed", [], null));
    clock.advance(3600_000 - REFRESH_MARGIN_MS + 1);
    expect(await session.validIdToken()).toBe(tokenSet("ada-renewed").id_token);
    expect(renew).toHaveBeenCalledWith("refresh-1");
    expect(session.refreshToken).toBe("refresh-1");
    expect(await session.validIdToken()).toBe(tokenSet("ada-renewed").id_token); // fresh again: no second renewal
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it("renews once however many requests ask at the same time", async () => {
    const { session, renew } = setup();
    session.signIn(tokenSet("ada"));
    let finish!: (set: TokenSet) => void;
    renew.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    const waiting = Promise.all([session.refresh(), session.refresh(), session.refresh()]);
    finish(tokenSet("ada-renewed"));
    expect(new Set(await waiting).size).toBe(1);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it("ends as expired when the refresh token is refused, and forgets the tokens", async () => {
    const { session, storage, renew, clock } = setup();
    session.signIn(tokenSet("ada"));
    const listener = vi.fn();
    session.subscribe(listener);
    renew.mockRejectedValue(new ApiError(401, "Refresh Token has been revoked", "invalid_refresh_token"));
    clock.advance(3600_000);
    expect(await session.validIdToken()).toBeNull();
    expect(session.snapshot()).toEqual({ user: null, expired: true });
    expect(storage.items.size).toBe(0);
    expect(listener).toHaveBeenCalled();
  });

  it("keeps the session when the renewal could not reach the API", async () => {
    const { session, renew } = setup();
    session.signIn(tokenSet("ada"));
    renew.mockRejectedValue(new ApiError(0, "offline"));
    await expect(session.refresh()).rejects.toThrow("offline");
    expect(session.snapshot().user?.email).toBe("ada@example.com");
  });

  it("signs out without calling it expired, and ignores damaged storage", () => {
    const { session, storage, renew } = setup();
    session.signIn(tokenSet("ada"));
    session.signOut();
    expect(session.snapshot()).toEqual({ user: null, expired: false });
    storage.setItem("shop.session", "{not json");
    expect(new Session(storage, renew).snapshot().user).toBeNull();
  });
});
