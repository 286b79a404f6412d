import { ApiError } from "../api/errors";
import { type TokenSet, type Tokens, type User, tokensFrom, userFrom } from "./tokens";

export type { Tokens, TokenSet, User };

/** Refresh this long before the tokens expire, so a request never leaves with a token about to lapse. */
export const REFRESH_MARGIN_MS = 60_000;
const STORAGE_KEY = "shop.session";

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SessionState {
  user: User | null;
  /** The session ended because its refresh token was refused, not because the user signed out. */
  expired: boolean;
}

type Renew = (refreshToken: string) => Promise<TokenSet>;

/**
 * The signed-in user's tokens, kept in storage so a reload keeps the session. Tokens are renewed
 * with the refresh token shortly before they expire or when the API answers 401; when the refresh
 * token is refused the session ends as `expired`, and the app sends the user to sign in.
 */
export class Session {
  private tokens: Tokens | null;
  private state: SessionState;
  private renewing: Promise<string | null> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly renew: Renew,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = readTokens(storage);
    this.state = { user: this.tokens ? userFrom(this.tokens.idToken) : null, expired: false };
  }

  /** The current state; the same object until it changes (for useSyncExternalStore). */
  snapshot = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get refreshToken(): string | null {
    return this.tokens?.refreshToken ?? null;
  }

  signIn(set: TokenSet): void {
    this.store(tokensFrom(set, this.now()));
  }

  signOut(expired = false): void {
    this.tokens = null;
    this.storage.removeItem(STORAGE_KEY);
    this.publish({ user: null, expired });
  }

  /** An ID token good for the next request (renewed first when close to expiry), or null when signed out. */
  async validIdToken(): Promise<string | null> {
    if (!this.tokens) return null;
    if (this.tokens.expiresAt - REFRESH_MARGIN_MS > this.now()) return this.tokens.idToken;
    return this.refresh();
  }

  /**
   * Renew the tokens (one renewal at a time, however many requests ask). Resolves to the new ID
   * token, or null when the refresh token was refused and the session has ended. A network
   * failure is thrown and keeps the session: the tokens may still be good once back online.
   */
  refresh(): Promise<string | null> {
    this.renewing ??= this.renewNow().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewNow(): Promise<string | null> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) return null;
    try {
      const set = await this.renew(refreshToken);
      this.store(tokensFrom(set, this.now(), refreshToken));
      return set.id_token;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 400 || error.status === 401)) {
        this.signOut(true);
        return null;
      }
      throw error;
    }
  }

  private store(tokens: Tokens): void {
    const previous = this.tokens;
    this.tokens = tokens;
    this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    if (previous?.idToken !== tokens.idToken) this.publish({ user: userFrom(tokens.idToken), expired: false });
  }

  private publish(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

function readTokens(storage: KeyValueStorage): Tokens | null {
  try {
    const tokens = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null") as Tokens | null;
    return tokens && typeof tokens.idToken === "string" && typeof tokens.refreshToken === "string" ? tokens : null;
  } catch {
    return null;
  }
}
