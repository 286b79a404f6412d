import { describe, expect, it } from "vitest";
import { ApiError, errorFromBody, fieldErrorsOf, networkError, toApiError } from "./errors";

describe("errorFromBody", () => {
  it("keeps the API's message and code", () => {
    const error = errorFromBody(409, { message: "product 42 changed meanwhile", code: "version_conflict" });
    expect(error).toMatchObject({ status: 409, message: "product 42 changed meanwhile", code: "version_conflict" });
  });

  it("names each field of a 422 by the API's name, first message first", () => {
    const error = errorFromBody(422, {
      message: "Invalid request: price, shipping_address.city",
      code: "validation_error",
      details: [
        { in: "body", field: "price", message: "Input should be a valid integer" },
        { in: "body", field: "price", message: "a second complaint" },
        { in: "body", field: "shipping_address.city", message: "String should have at least 1 character" },
      ],
    });
    expect(error.fields).toEqual({
      price: "Input should be a valid integer",
      "shipping_address.city": "String should have at least 1 character",
    });
  });

  it("reads the gateway's own bodies, which have no code", () => {
    expect(errorFromBody(401, { message: "Unauthorized" })).toMatchObject({ status: 401, message: "Unauthorized", code: undefined });
  });

  it("has a message for people when the body has none", () => {
    expect(errorFromBody(502, "<html>Bad Gateway</html>").message).toBe("The shop did not answer in time. Please try again.");
    expect(errorFromBody(418, null).message).toBe("Request failed (418).");
  });
});

describe("fieldErrorsOf", () => {
  const error = errorFromBody(422, {
    message: "Invalid",
    details: [
      { in: "body", field: "shipping_address.postal_code", message: "too long" },
      { in: "body", field: "payment_token", message: "required" },
    ],
  });

  it("gives a nested form its fields without the prefix", () => {
    expect(fieldErrorsOf(error, "shipping_address")).toEqual({ postal_code: "too long" });
  });

  it("gives every field without a prefix, and nothing without an error", () => {
    expect(fieldErrorsOf(error)).toEqual({ "shipping_address.postal_code": "too long", payment_token: "required" });
    expect(fieldErrorsOf(null)).toEqual({});
  });
});

describe("toApiError", () => {
  it("turns a failed fetch into an error that says the shop could not be reached", () => {
    const error = toApiError(new TypeError("Failed to fetch"));
    expect(error.isOffline).toBe(true);
    expect(error.message).toMatch(/could not be reached|offline/);
  });

  it("keeps ApiErrors and words anything else", () => {
    const apiError = new ApiError(404, "Not found.");
    expect(toApiError(apiError)).toBe(apiError);
    expect(toApiError(new Error("boom")).message).toBe("boom");
    expect(networkError("x").status).toBe(0);
  });
});
