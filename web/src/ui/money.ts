const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format);
  }
  return format;
}

/** The number of minor units in one major unit of a currency (100 for EUR, 1 for JPY, 1000 for BHD). */
export function minorUnitsPerMajor(currency: string): number {
  const digits = formatFor(currency, "en").resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

/** An amount in minor units, as people read it: formatMoney(3899, "EUR", "en") is "€38.99". */
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  try {
    return formatFor(currency, locale).format(minorUnits / minorUnitsPerMajor(currency));
  } catch {
    return `${minorUnits} ${currency} (minor units)`; // a currency code Intl does not know
  }
}

/**
 * What someone typed as a price ("38.99", "38,99", "38") in minor units, exactly: no float
 * rounding, and null when it has more decimals than the currency allows or is not a number.
 */
export function parseMoney(text: string, currency: string): number | null {
  const match = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const perMajor = minorUnitsPerMajor(currency);
  const digits = Math.round(Math.log10(perMajor));
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(match[1]) * perMajor + Number(fraction.padEnd(digits, "0") || "0");
}

/** Minor units as the plain number an input shows (3899 EUR → "38.99"). */
export function moneyInputValue(minorUnits: number, currency: string): string {
  const perMajor = minorUnitsPerMajor(currency);
  const digits = Math.round(Math.log10(perMajor));
  const major = Math.floor(minorUnits / perMajor);
  return digits === 0 ? String(major) : `${major}.${String(minorUnits % perMajor).padStart(digits, "0")}`;
}
