import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitsPerMajor, moneyInputValue, parseMoney } from "./money";

describe("formatMoney", () => {
  it("reads minor units in the currency's own decimals", () => {
    expect(formatMoney(3899, "EUR", "en")).toBe("€38.99");
    expect(formatMoney(5, "USD", "en")).toBe("$0.05");
    expect(formatMoney(1200, "JPY", "en")).toBe("¥1,200");
    expect(formatMoney(1500, "BHD", "en")).toBe("BHD\u00a01.500");
  });

  it("follows the locale", () => {
    expect(formatMoney(123456, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
  });

  it("still shows an amount in a currency Intl does not know", () => {
    expect(formatMoney(100, "XX1", "en")).toBe("100 XX1 (minor units)");
  });
});

describe("parseMoney", () => {
  it("turns what people type into exact minor units", () => {
    expect(parseMoney("38.99", "EUR")).toBe(3899);
    expect(parseMoney("38,9", "EUR")).toBe(3890);
    expect(parseMoney("38", "EUR")).toBe(3800);
    expect(parseMoney("0.29", "EUR")).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(parseMoney("1200", "JPY")).toBe(1200);
  });

  it("refuses more decimals than the currency has, and what is not a number", () => {
    expect(parseMoney("1.999", "EUR")).toBeNull();
    expect(parseMoney("1.5", "JPY")).toBeNull();
    expect(parseMoney("-1", "EUR")).toBeNull();
    expect(parseMoney("abc", "EUR")).toBeNull();
    expect(parseMoney("", "EUR")).toBeNull();
  });
});

describe("moneyInputValue", () => {
  it("is the inverse of parseMoney", () => {
    expect(moneyInputValue(3899, "EUR")).toBe("38.99");
    expect(moneyInputValue(5, "EUR")).toBe("0.05");
    expect(moneyInputValue(1200, "JPY")).toBe("1200");
    for (const amount of [0, 1, 99, 100, 101, 123456]) expect(parseMoney(moneyInputValue(amount, "EUR"), "EUR")).toBe(amount);
  });

  it("knows the minor units per currency", () => {
    expect(minorUnitsPerMajor("EUR")).toBe(100);
    expect(minorUnitsPerMajor("JPY")).toBe(1);
    expect(minorUnitsPerMajor("KWD")).toBe(1000);
  });
});
