/**
 * The Idempotency-Key of one attempt at something that must happen once (placing an order,
 * creating a product). The same request asked again (a double click, a retry after a timeout)
 * carries the same key, so the API does it once; once it succeeded, or once the request itself
 * changed (another cart, address or payment), the next attempt gets a new key.
 */
export class AttemptKey {
  private current: { key: string; request: string } | null = null;

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  /** The key for this request: the pending attempt's when the request is the same, else a new one. */
  for(request: unknown): string {
    const fingerprint = JSON.stringify(request);
    if (this.current?.request !== fingerprint) this.current = { key: this.newKey(), request: fingerprint };
    return this.current.key;
  }

  /** The attempt is over (it succeeded, or failed in a way a retry would not fix): the next gets a new key. */
  finish(): void {
    this.current = null;
  }
}
