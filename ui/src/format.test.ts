import { afterEach, describe, expect, it } from "vitest";
import { formatAmount } from "./codes/form";
import {
  compareDecimal,
  formatCount,
  formatDecimal,
  formatLocale,
  formatMoney,
  formatPercent,
  formatShare,
  formatTotals,
  formatWhen,
  groupDigits,
  minorUnits,
  monthOf,
  numberStyle,
  plural,
  setFormatLocale,
  sumDecimals,
} from "./format";

afterEach(() => setFormatLocale(undefined));

describe("formatDecimal", () => {
  it("groups thousands and pads to two decimals", () => {
    expect(formatDecimal("1234567")).toBe("1,234,567.00");
    expect(formatDecimal("1234.5")).toBe("1,234.50");
    expect(formatDecimal("999")).toBe("999.00");
    expect(formatDecimal("0")).toBe("0.00");
    expect(formatDecimal(".5")).toBe("0.50");
  });

  it("rounds half away from zero on the digits, exactly", () => {
    expect(formatDecimal("1.005")).toBe("1.01");
    expect(formatDecimal("1.004999")).toBe("1.00");
    expect(formatDecimal("2.675")).toBe("2.68"); // 2.675 as a float would round to 2.67
    expect(formatDecimal("999999.995")).toBe("1,000,000.00");
    expect(formatDecimal("-1.005")).toBe("−1.01");
    expect(formatDecimal("-12345.675")).toBe("−12,345.68");
  });

  it("keeps every digit of amounts beyond float precision", () => {
    expect(formatDecimal("12345678901234567890.125")).toBe("12,345,678,901,234,567,890.13");
  });

  it("does not show a sign for amounts that round to zero", () => {
    expect(formatDecimal("-0.004")).toBe("0.00");
  });

  it("leaves text that is not a decimal as it is", () => {
    expect(formatDecimal("n/a")).toBe("n/a");
    expect(formatDecimal("")).toBe("");
  });

  it("rounds to other numbers of places", () => {
    expect(formatDecimal("1234.5", 0)).toBe("1,235");
    expect(formatDecimal("0.12345", 4)).toBe("0.1235");
  });
});

describe("formatMoney and formatTotals", () => {
  it("adds the currency and shows a dash for no amount", () => {
    expect(formatMoney("1234.5", "GBP")).toBe("1,234.50 GBP");
    expect(formatMoney("1234.5")).toBe("1,234.50");
    expect(formatMoney(null, "GBP")).toBe("—");
    expect(formatMoney("", "GBP")).toBe("—");
  });

  it("lists several currencies", () => {
    expect(
      formatTotals([
        { currency: "GBP", amount: "10" },
        { currency: "USD", amount: "1520.125" },
      ]),
    ).toBe("10.00 GBP · 1,520.13 USD");
    expect(formatTotals([])).toBe("—");
  });
});

describe("formatShare", () => {
  it("turns a 0–1 share into a percentage", () => {
    expect(formatShare("0.1234")).toBe("12.34%");
    expect(formatShare("0.05")).toBe("5.00%");
    expect(formatShare("1")).toBe("100.00%");
    expect(formatShare("0")).toBe("0.00%");
    expect(formatShare("0.12345")).toBe("12.35%");
    expect(formatShare("0.0001")).toBe("0.01%");
  });
});

describe("counts and months", () => {
  it("groups counts and picks singular or plural", () => {
    expect(groupDigits("1234567")).toBe("1,234,567");
    expect(formatCount(12345)).toBe("12,345");
    expect(plural(1, "line")).toBe("1 line");
    expect(plural(2500, "line")).toBe("2,500 lines");
    expect(plural(0, "row")).toBe("0 rows");
  });

  it("gives the month of a date on the local clock", () => {
    expect(monthOf(new Date(2026, 8, 30, 23, 59))).toBe("2026-09");
    expect(monthOf(new Date(2027, 0, 1))).toBe("2027-01");
  });
});

describe("the workspace's rounding rule and the currency's minor unit", () => {
  it("rounds exact halves to even only under the half-even rule", () => {
    expect(formatDecimal("2.125", 2, "half_away_from_zero")).toBe("2.13");
    expect(formatDecimal("2.125", 2, "half_even")).toBe("2.12");
    expect(formatDecimal("2.135", 2, "half_even")).toBe("2.14");
    expect(formatDecimal("2.1251", 2, "half_even")).toBe("2.13");
    expect(formatDecimal("-2.125", 2, "half_even")).toBe("−2.12");
  });

  it("shows each currency to its minor unit", () => {
    expect(minorUnits("GBP")).toBe(2);
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("KWD")).toBe(3);
    expect(formatMoney("1234.5", "JPY")).toBe("1,235 JPY");
    expect(formatMoney("1234.5", "JPY", "half_even")).toBe("1,234 JPY");
    expect(formatMoney("1.0005", "KWD")).toBe("1.001 KWD");
    expect(formatMoney("12.5", "GBP", "half_away_from_zero", false)).toBe("12.50");
    expect(formatTotals([{ currency: "GBP", amount: "0.125" }], "half_even")).toBe("0.12 GBP");
  });
});

describe("sumDecimals", () => {
  it("adds exactly, on the digits", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["352", "120.125", "-0.125"])).toBe("472");
    expect(sumDecimals(["-1.5", "1"])).toBe("-0.5");
    expect(sumDecimals([])).toBe("0");
    expect(sumDecimals([null, "", "abc", "2.50"])).toBe("2.5");
  });
});

describe("amounts in the person's locale", () => {
  const NNBSP = "\u202f"; // narrow no-break space, French grouping
  const NBSP = "\u00a0";

  it("follows navigator.language by default, which is en-US under jsdom", () => {
    expect(formatLocale()).toBe(navigator.language);
    expect(formatMoney("1234.5", "GBP")).toBe("1,234.50 GBP");
  });

  it("writes en-GB amounts with a comma for thousands and a point for decimals", () => {
    setFormatLocale("en-GB");
    expect(formatMoney("1234.5", "GBP")).toBe("1,234.50 GBP");
    expect(formatShare("0.1234")).toBe("12.34%");
    expect(formatCount(12345)).toBe("12,345");
  });

  it("writes de-DE amounts with a point for thousands and a comma for decimals, code after", () => {
    setFormatLocale("de-DE");
    expect(formatMoney("1234.5", "GBP")).toBe("1.234,50 GBP");
    expect(formatDecimal("-12345.675")).toBe("−12.345,68");
    expect(formatMoney("1234.5", "JPY")).toBe("1.235 JPY");
    expect(formatTotals([{ currency: "GBP", amount: "10" }, { currency: "USD", amount: "1520.125" }])).toBe(
      "10,00 GBP · 1.520,13 USD",
    );
    expect(formatShare("0.1234")).toBe(`12,34${NBSP}%`);
    expect(formatCount(1234567)).toBe("1.234.567");
    expect(plural(2500, "line")).toBe("2.500 lines");
  });

  it("writes fr-FR amounts with a narrow no-break space for thousands and a comma for decimals", () => {
    setFormatLocale("fr-FR");
    expect(formatMoney("1234567.5", "EUR")).toBe(`1${NNBSP}234${NNBSP}567,50 EUR`);
    // CLDR versions disagree on which no-break space comes before the sign.
    expect(formatShare("0.05")).toMatch(/^5,00[\u00a0\u202f]%$/);
    expect(formatCount(12345)).toBe(`12${NNBSP}345`);
  });

  it("groups en-IN amounts in lakhs and crores", () => {
    setFormatLocale("en-IN");
    expect(formatMoney("12345678.9", "INR")).toBe("1,23,45,678.90 INR");
    expect(formatDecimal("1234")).toBe("1,234.00");
    expect(formatDecimal("999")).toBe("999.00");
  });

  it("leaves four-digit amounts ungrouped where the locale does (es-ES)", () => {
    setFormatLocale("es-ES");
    expect(formatDecimal("1234.5")).toBe("1234,50");
    expect(formatDecimal("12345.5")).toBe("12.345,50");
  });

  it("keeps rounding exact on the digits whatever the locale", () => {
    setFormatLocale("de-DE");
    expect(formatDecimal("2.675")).toBe("2,68");
    expect(formatDecimal("2.125", 2, "half_even")).toBe("2,12");
    expect(formatDecimal("12345678901234567890.125")).toBe("12.345.678.901.234.567.890,13");
    expect(formatDecimal("-0.004")).toBe("0,00");
    expect(formatDecimal("n/a")).toBe("n/a");
  });

  it("writes a service code's cap the locale's way without rounding it", () => {
    setFormatLocale("de-DE");
    expect(formatAmount("1234567.5", "GBP")).toBe("1.234.567,50 GBP");
    expect(formatAmount("0.123456789", "USD")).toBe("0,123456789 USD");
  });

  it("falls back to en-US for a language tag Intl does not accept", () => {
    setFormatLocale("not a locale!");
    expect(formatMoney("1234.5", "GBP")).toBe("1,234.50 GBP");
  });

  it("learns each locale's style once", () => {
    expect(numberStyle("de-DE")).toBe(numberStyle("de-DE"));
    expect(groupDigits("1234567", numberStyle("en-IN"))).toBe("12,34,567");
  });

  it("leaves dates in the ISO-like form finance reads in every locale", () => {
    setFormatLocale("de-DE");
    expect(monthOf(new Date(2026, 8, 30))).toBe("2026-09");
    expect(formatWhen("2026-10-05T09:07:00")).toBe("2026-10-05 09:07");
  });
});

describe("compareDecimal", () => {
  it("orders exact decimals by value without floating point", () => {
    const ordered = ["-10", "-9.5", "0", "0.01", "10"];
    const shuffled = ["10", "0.01", "-9.5", "0", "-10"];
    expect([...shuffled].sort(compareDecimal)).toEqual(ordered);
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareDecimal(ordered[i]!, ordered[i + 1]!)).toBeLessThan(0);
      expect(compareDecimal(ordered[i + 1]!, ordered[i]!)).toBeGreaterThan(0);
    }
  });

  it("treats equal values written differently as equal", () => {
    expect(compareDecimal("1.50", "1.5")).toBe(0);
    expect(compareDecimal("-0", "0.000")).toBe(0);
    expect(compareDecimal("+2", "2")).toBe(0);
    expect(compareDecimal(".5", "0.5")).toBe(0);
  });

  it("tells apart amounts a float would merge", () => {
    expect(compareDecimal("12345678901234567890.01", "12345678901234567890.02")).toBeLessThan(0);
    expect(compareDecimal("0.30000000000000000001", "0.3")).toBeGreaterThan(0);
    expect(compareDecimal("100", "99.999")).toBeGreaterThan(0);
  });

  it("puts text that is not a decimal after every number", () => {
    expect(["n/a", "5", "", "-1"].sort(compareDecimal)).toEqual(["-1", "5", "", "n/a"]);
  });
});

describe("formatPercent", () => {
  it("keeps the engine's digits and writes them the locale's way", () => {
    expect(formatPercent("10.00")).toBe("10.00%");
    expect(formatPercent("-3.5")).toBe("−3.5%");
    expect(formatPercent("2")).toBe("2%");
    expect(formatPercent("1234.5")).toBe("1,234.5%");
    expect(formatPercent("-0.00")).toBe("0.00%");
    expect(formatPercent("n/a")).toBe("n/a");
    setFormatLocale("de-DE");
    expect(formatPercent("10.00")).toBe("10,00\u00a0%");
  });
});
