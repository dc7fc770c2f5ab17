// Display helpers for the engine's exact decimal strings. Amounts are never
// turned into floating-point numbers: rounding is done on the digits (with
// BigInt), to the currency's minor unit, by the workspace's rounding rule
// (half away from zero unless Settings say half to even), as the engine and
// the CLI do.

import type { RoundingRule } from "./bindings";

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * How the person's locale writes a number: the group and decimal symbols, the
 * size of the first group left of the decimal point and of the groups beyond
 * it (3 and 3 in most places; 3 and 2 in India: 12,34,567), whether a
 * four-digit whole number is grouped at all (not in es-ES or pl-PL: 1234),
 * and what goes around a percentage.
 */
export interface NumberStyle {
  group: string;
  decimal: string;
  primary: number;
  secondary: number;
  minimumGrouping: number;
  percentBefore: string;
  percentAfter: string;
}

const FALLBACK_LOCALE = "en-US";
const styles = new Map<string, NumberStyle>();
let chosenLocale: string | undefined;

/**
 * Sets the locale amounts are shown in; `undefined` goes back to the
 * person's (navigator.language). Only tests call this: the window always
 * follows the system's language.
 */
export function setFormatLocale(locale: string | undefined): void {
  chosenLocale = locale;
}

/** The locale amounts are shown in. */
export function formatLocale(): string {
  if (chosenLocale !== undefined) return chosenLocale;
  return typeof navigator !== "undefined" && navigator.language ? navigator.language : FALLBACK_LOCALE;
}

/**
 * The locale's number style, learnt once from Intl formatting sample numbers.
 * Intl is only asked for the symbols: the digits themselves never pass
 * through it, so amounts keep every digit. Latin digits are asked for so the
 * symbols match the digits shown.
 */
export function numberStyle(locale: string = formatLocale()): NumberStyle {
  const cached = styles.get(locale);
  if (cached) return cached;
  let style: NumberStyle;
  try {
    style = learnStyle(locale);
  } catch {
    // An unknown or malformed language tag: fall back rather than show nothing.
    style = locale === FALLBACK_LOCALE ? PLAIN_STYLE : numberStyle(FALLBACK_LOCALE);
  }
  styles.set(locale, style);
  return style;
}

const PLAIN_STYLE: NumberStyle = {
  group: ",",
  decimal: ".",
  primary: 3,
  secondary: 3,
  minimumGrouping: 1,
  percentBefore: "",
  percentAfter: "%",
};

function learnStyle(locale: string): NumberStyle {
  const plain = new Intl.NumberFormat(locale, { numberingSystem: "latn" });
  const parts = plain.formatToParts(123456789.5);
  const integers = parts.filter((p) => p.type === "integer").map((p) => p.value);
  const group = parts.find((p) => p.type === "group")?.value ?? "";
  const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const primary = integers.length > 1 ? (integers[integers.length - 1]?.length ?? 3) : 3;
  const secondary = integers.length > 2 ? (integers[integers.length - 2]?.length ?? primary) : primary;
  // Some locales leave 1234 ungrouped but group 12345.
  const groupsFourDigits = plain.formatToParts(1234).some((p) => p.type === "group");
  const percentParts = new Intl.NumberFormat(locale, { style: "percent", numberingSystem: "latn" }).formatToParts(0.5);
  const firstNumber = percentParts.findIndex((p) => p.type === "integer");
  let lastNumber = -1;
  percentParts.forEach((p, i) => {
    if (p.type === "integer" || p.type === "group" || p.type === "decimal" || p.type === "fraction") lastNumber = i;
  });
  const text = (from: number, to: number) =>
    percentParts
      .slice(from, to)
      .map((p) => p.value)
      .join("");
  return {
    group,
    decimal,
    primary: primary > 0 ? primary : 3,
    secondary: secondary > 0 ? secondary : 3,
    minimumGrouping: groupsFourDigits ? 1 : 2,
    percentBefore: firstNumber > 0 ? text(0, firstNumber) : "",
    percentAfter: lastNumber >= 0 ? text(lastNumber + 1, percentParts.length) : "%",
  };
}

/**
 * Groups the digits of a whole number as the locale does: `1234567` →
 * `1,234,567` (en), `1.234.567` (de), `12,34,567` (en-IN).
 */
export function groupDigits(digits: string, style: NumberStyle = numberStyle()): string {
  if (style.group === "" || digits.length < style.primary + style.minimumGrouping) return digits;
  const groups = [digits.slice(-style.primary)];
  let rest = digits.slice(0, -style.primary);
  while (rest.length > style.secondary) {
    groups.unshift(rest.slice(-style.secondary));
    rest = rest.slice(0, -style.secondary);
  }
  if (rest !== "") groups.unshift(rest);
  return groups.join(style.group);
}

/**
 * Whole and fraction digits (already rounded) written the locale's way, with
 * a true minus sign: `("1234", "50", false)` → `1,234.50` or `1.234,50`.
 */
export function writeDigits(whole: string, fraction: string, negative: boolean, style: NumberStyle = numberStyle()): string {
  return `${negative ? "−" : ""}${groupDigits(whole, style)}${fraction ? `${style.decimal}${fraction}` : ""}`;
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
 * thousands the locale's way: `"1234567.125"` → `"1,234,567.13"` (half away
 * from zero) or `"1,234,567.12"` (half to even), `"-0.004"` → `"0.00"`; in
 * de-DE `"1.234.567,13"`.
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
  return writeDigits(intPart, fracPart, negative && scaled !== 0n);
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

/**
 * A share between 0 and 1 as a percentage with two decimals, written as the
 * locale writes percentages: `"0.1234"` → `"12.34%"` (en), `"12,34 %"` (de).
 */
export function formatShare(share: string): string {
  const match = DECIMAL.exec(share.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return share;
  const whole = match[2] === "" ? "0" : (match[2] ?? "0");
  const fraction = match[3] ?? "";
  // Multiplying by 100 moves the decimal point two places to the right.
  const shifted = `${whole}${fraction.slice(0, 2).padEnd(2, "0")}.${fraction.slice(2) || "0"}`;
  const style = numberStyle();
  return `${style.percentBefore}${formatDecimal(`${match[1] ?? ""}${shifted.replace(/^0+(?=\d)/, "")}`)}${style.percentAfter}`;
}

/**
 * A percentage the engine already worked out (`"10.00"`, `"-3.5"`, `"2"`),
 * written the locale's way with every digit kept: `"10.00%"` (en),
 * `"10,00 %"` (de). Text that is not a decimal is returned unchanged.
 */
export function formatPercent(percent: string): string {
  const match = DECIMAL.exec(percent.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return percent;
  const whole = (match[2] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const fraction = match[3] ?? "";
  const zero = /^0*$/.test(whole + fraction);
  const style = numberStyle();
  return `${style.percentBefore}${writeDigits(whole, fraction, match[1] === "-" && !zero, style)}${style.percentAfter}`;
}

/** A count with the locale's thousands separators. */
export function formatCount(count: number): string {
  const whole = Math.trunc(count);
  return writeDigits(String(Math.abs(whole)), "", whole < 0);
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

/** An exact decimal as a whole number of its smallest unit: `"-1.25"` at 3 places → `-1250n`. */
function scaledDecimal(whole: string, fraction: string, negative: boolean, places: number): bigint {
  const scaled = BigInt(whole + fraction.padEnd(places, "0"));
  return negative ? -scaled : scaled;
}

/**
 * Orders two exact decimal strings by value, on the digits (no floating
 * point): `"-10" < "-9.5" < "0" < "0.01" < "10"`, and `"1.50"` equals `"1.5"`.
 * Text that is not a decimal (blank, "n/a") comes after every number, in
 * code-point order among itself, so a sort stays total and stable.
 */
export function compareDecimal(a: string, b: string): number {
  const ma = DECIMAL.exec(a.trim());
  const mb = DECIMAL.exec(b.trim());
  const va = ma && !(ma[2] === "" && (ma[3] ?? "") === "") ? ma : null;
  const vb = mb && !(mb[2] === "" && (mb[3] ?? "") === "") ? mb : null;
  if (va === null || vb === null) {
    if (va !== null) return -1;
    if (vb !== null) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const fa = va[3] ?? "";
  const fb = vb[3] ?? "";
  const places = Math.max(fa.length, fb.length);
  const x = scaledDecimal(va[2] || "0", fa, va[1] === "-", places);
  const y = scaledDecimal(vb[2] || "0", fb, vb[1] === "-", places);
  return x < y ? -1 : x > y ? 1 : 0;
}
