// Display helpers for the engine's exact decimal strings. Amounts are never
// turned into floating-point numbers: rounding is done on the digits (with
// BigInt), so what is shown is the exact amount rounded half away from zero.

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Groups the digits of a whole number in threes: `1234567` → `1,234,567`. */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Rounds an exact decimal string to `places` decimals (half away from zero) and
 * groups thousands: `"1234567.125"` → `"1,234,567.13"`, `"-0.004"` → `"0.00"`.
 * Text that is not a plain decimal is returned unchanged.
 */
export function formatDecimal(amount: string, places = 2): string {
  const match = DECIMAL.exec(amount.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return amount;
  const negative = match[1] === "-";
  const whole = match[2] === "" ? "0" : (match[2] ?? "0");
  const fraction = match[3] ?? "";
  const kept = fraction.slice(0, places).padEnd(places, "0");
  const next = fraction.charAt(places);
  let scaled = BigInt(whole + kept);
  if (next !== "" && next >= "5") scaled += 1n;
  const digits = scaled.toString().padStart(places + 1, "0");
  const intPart = places > 0 ? digits.slice(0, -places) : digits;
  const fracPart = places > 0 ? digits.slice(-places) : "";
  const sign = negative && scaled !== 0n ? "−" : "";
  return `${sign}${groupThousands(intPart)}${fracPart ? `.${fracPart}` : ""}`;
}

/** An amount with its currency, for display: `"1234.5", "GBP"` → `"1,234.50 GBP"`. */
export function formatMoney(amount: string | null | undefined, currency = ""): string {
  if (amount === null || amount === undefined || amount.trim() === "") return "—";
  const shown = formatDecimal(amount);
  return currency ? `${shown} ${currency}` : shown;
}

/** Several currencies' totals on one line, or a dash when there are none. */
export function formatTotals(totals: readonly { currency: string; amount: string }[]): string {
  if (totals.length === 0) return "—";
  return totals.map((t) => formatMoney(t.amount, t.currency)).join(" · ");
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
