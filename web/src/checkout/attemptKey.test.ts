import { describe, expect, it } from "vitest";
import { AttemptKey } from "./attemptKey";

function counter() {
  let n = 0;
  return () => `key-${++n}`;
}

const cart = [["p1", 2]];
const request = { body: { address_id: "a1", payment_token: "tok_ok" }, cartLines: cart };

describe("AttemptKey", () => {
  it("keeps one key for the same request: a double click or a retry places one order", () => {
    const attempt = new AttemptKey(counter());
    expect(attempt.for(request)).toBe("key-1");
    expect(attempt.for(structuredClone(request))).toBe("key-1");
  });

  it("starts a new attempt when the cart, the address or the payment changes", () => {
    const attempt = new AttemptKey(counter());
    attempt.for(request);
    expect(attempt.for({ ...request, cartLines: [["p1", 3]] })).toBe("key-2");
    expect(attempt.for({ ...request, body: { ...request.body, address_id: "a2" } })).toBe("key-3");
    expect(attempt.for({ ...request, body: { ...request.body, payment_token: "tok_declined" } })).toBe("key-4");
  });

  it("starts a new attempt after a success, even for the same request", () => {
    const attempt = new AttemptKey(counter());
    attempt.for(request);
    attempt.finish();
    expect(attempt.for(request)).toBe("key-2");
  });

  it("uses random UUIDs by default", () => {
    const key = new AttemptKey().for(request);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
