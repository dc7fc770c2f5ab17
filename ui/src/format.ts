// Display helpers for the engine's exact decimal strings. Amounts are never
// turned into floating-point numbers: rounding is done on the digits (with
// BigInt), to the currency's minor unit, by the workspace's rounding rule
// (half away from zero unless Settings say half to even), as the engine and
// the CLI do.

import type { RoundingRule } from "./bindings";

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Groups the digits of a whole number in threes: `1234567` → `1,234,567`. */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Decimal places of a currency's minor unit (ISO 4217): GBP 2, JPY 0, KWD 3. */
export function minorUnits(currency: string): number {
  if (currency === "") return 2;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Rounds an exact decimal string to `places` decimals by `rule` and groups
 * thousands: `"1234567.125"` → `"1,234,567.13"` (half away from zero) or
 * `"1,234,567.12"` (half to even), `"-0.004"` → `"0.00"`.
 * Text that is not a plain decimal is returned unchanged.
 */
export function formatDecimal(amount: string, places = 2, rule: RoundingRule = "half_away_from_zero"): string {
  const match = DECIMAL.exec(amount.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return amount;
  const negative = match[1] === "-";
  const whole = match[2] === "" ? "0" : (match[2] ?? "0");
  const fraction = match[3] ?? "";
  const kept = fraction.slice(0, places).padEnd(places, "0");
  const next = fraction.charAt(places);
  let scaled = BigInt(whole + kept);
  const rest = fraction.slice(places + 1);
  const exactlyHalf = next === "5" && /^0*$/.test(rest);
  const roundUp =
    next > "5" || (next === "5" && (!exactlyHalf || rule === "half_away_from_zero" || scaled % 2n === 1n));
  if (next !== "" && roundUp) scaled += 1n;
  const digits = scaled.toString().padStart(places + 1, "0");
  const intPart = places > 0 ? digits.slice(0, -places) : digits;
  const fracPart = places > 0 ? digits.slice(-places) : "";
  const sign = negative && scaled !== 0n ? "−" : "";
  return `${sign}${groupThousands(intPart)}${fracPart ? `.${fracPart}` : ""}`;
}

/**
 * An amount rounded to its currency's minor unit, for display:
 * `"1234.5", "GBP"` → `"1,234.50 GBP"`. With `withCode` false the currency
 * only sets the decimal places (for columns headed by the currency).
 */
export function formatMoney(
  amount: string | null | undefined,
  currency = "",
  rule: RoundingRule = "half_away_from_zero",
  withCode = true,
): string {
  if (amount === null || amount === undefined || amount.trim() === "") return "—";
  const shown = formatDecimal(amount, minorUnits(currency), rule);
  return currency && withCode ? `${shown} ${currency}` : shown;
}

/** Several currencies' totals on one line, or a dash when there are none. */
export function formatTotals(
  totals: readonly { currency: string; amount: string }[],
  rule: RoundingRule = "half_away_from_zero",
): string {
  if (totals.length === 0) return "—";
  return totals.map((t) => formatMoney(t.amount, t.currency, rule)).join(" · ");
}

/** A share between 0 and 1 as a percentage with two decimals: `"0.1234"` → `"12.34%"`. */
export function formatShare(share: string): string {
  const match = DECIMAL.exec(share.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return share;
  const whole = match[2] === "" ? "0" : (match[2] ?? "0");
  const fraction = match[3] ?? "";
  // Multiplying by 100 moves the decimal point two places to the right.
  const shifted = `${whole}${fraction.slice(0, 2).padEnd(2, "0")}.${fraction.slice(2) || "0"}`;
  return `${formatDecimal(`${match[1] ?? ""}${shifted.replace(/^0+(?=\d)/, "")}`)}%`;
}

/** A count with thousands separators. */
export function formatCount(count: number): string {
  return groupThousands(String(Math.trunc(count)));
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** An RFC 3339 timestamp as local `YYYY-MM-DD HH:MM`; other text is returned as it is. */
export function formatWhen(timestamp: string): string {
  const at = new Date(timestamp);
  if (Number.isNaN(at.getTime())) return timestamp;
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The month of a date on the person's clock, as `YYYY-MM`. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

/** `n` followed by the singular or plural noun: `1 line`, `3 lines`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/**
 * The exact sum of decimal strings, as a decimal string (no floating point):
 * `["0.1", "0.2"]` → `"0.3"`, `["-1.5", "1"]` → `"-0.5"`. Blank or non-decimal
 * values are skipped.
 */
export function sumDecimals(values: readonly (string | null | undefined)[]): string {
  const parsed: { negative: boolean; whole: string; fraction: string }[] = [];
  let places = 0;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const match = DECIMAL.exec(value.trim());
    if (!match || (match[2] === "" && (match[3] ?? "") === "")) continue;
    const fraction = match[3] ?? "";
    places = Math.max(places, fraction.length);
    parsed.push({ negative: match[1] === "-", whole: match[2] === "" ? "0" : (match[2] ?? "0"), fraction });
  }
  let total = 0n;
  for (const p of parsed) {
    const scaled = BigInt(p.whole + p.fraction.padEnd(places, "0"));
    total += p.negative ? -scaled : scaled;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(places + 1, "0");
  const intPart = places > 0 ? digits.slice(0, -places) : digits;
  const fracPart = places > 0 ? digits.slice(-places).replace(/0+$/, "") : "";
  return `${negative ? "-" : ""}${intPart}${fracPart ? `.${fracPart}` : ""}`;
}
