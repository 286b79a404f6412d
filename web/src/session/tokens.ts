/** The tokens of a signed-in user and what the UI reads from them. */
export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the ID and access tokens stop being accepted. */
  expiresAt: number;
}

/** The API's token set (`POST /v1/auth/login` and `/v1/auth/refresh`). */
export interface TokenSet {
  id_token: string;
  access_token: string;
  refresh_token?: string | null;
  expires_in: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

/** A refresh answers no refresh token: the one we had stays valid. */
export function tokensFrom(set: TokenSet, now: number, previousRefreshToken = ""): Tokens {
  return {
    idToken: set.id_token,
    accessToken: set.access_token,
    refreshToken: set.refresh_token || previousRefreshToken,
    expiresAt: now + set.expires_in * 1000,
  };
}

function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Who the ID token names. Being admin here only shows the console: the API checks the group itself. */
export function userFrom(idToken: string): User {
  const claims = claimsOf(idToken);
  const groups = claims["cognito:groups"];
  const email = typeof claims.email === "string" ? claims.email : "";
  return {
    id: typeof claims.sub === "string" ? claims.sub : "",
    email,
    name: typeof claims.name === "string" ? claims.name : email,
    isAdmin: Array.isArray(groups) ? groups.includes("admin") : groups === "admin",
  };
}
