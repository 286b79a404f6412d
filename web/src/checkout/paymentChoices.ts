/** The simulated payment provider's test tokens (functions/payments/simulated_payments.py). */
export const TEST_CARDS = [
  { token: "tok_ok", label: "Test card: succeeds" },
  { token: "tok_declined", label: "Test card: is declined" },
  { token: "tok_transient", label: "Test card: fails once then succeeds" },
] as const;
