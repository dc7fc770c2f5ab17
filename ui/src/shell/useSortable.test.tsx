import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setFormatLocale } from "../format";
import { SortHeader } from "./SortHeader";
import { sortRows, useSortable, type SortSpecs } from "./useSortable";
import { matchesFilter } from "./useTableFilter";

afterEach(() => {
  cleanup();
  setFormatLocale(undefined);
});

interface Row {
  name: string;
  amount: string | null;
  month: string;
  lines: number;
}

const SPECS: SortSpecs<Row, "name" | "amount" | "month" | "lines"> = {
  name: { kind: "text", value: (r) => r.name },
  amount: { kind: "decimal", value: (r) => r.amount },
  month: { kind: "date", value: (r) => r.month },
  lines: { kind: "number", value: (r) => r.lines },
};

const ROWS: Row[] = [
  { name: "beta", amount: "10", month: "2026-10", lines: 3 },
  { name: "Alpha", amount: "-9.5", month: "2026-09", lines: 20 },
  { name: "gamma", amount: "0.01", month: "2025-12", lines: 1 },
  { name: "delta", amount: null, month: "2026-01", lines: 7 },
  { name: "epsilon", amount: "-10", month: "2026-02", lines: 7 },
  { name: "zeta", amount: "0", month: "2026-03", lines: 2 },
];

const names = (rows: Row[]) => rows.map((r) => r.name);

describe("sortRows", () => {
  it("sorts exact decimal amounts by value, blanks last either way", () => {
    expect(names(sortRows(ROWS, SPECS, { key: "amount", direction: "ascending" }))).toEqual([
      "epsilon", // -10
      "Alpha", // -9.5
      "zeta", // 0
      "gamma", // 0.01
      "beta", // 10
      "delta", // no amount
    ]);
    expect(names(sortRows(ROWS, SPECS, { key: "amount", direction: "descending" }))).toEqual([
      "beta",
      "gamma",
      "zeta",
      "Alpha",
      "epsilon",
      "delta",
    ]);
  });

  it("sorts text in language order regardless of case, and months as dates", () => {
    expect(names(sortRows(ROWS, SPECS, { key: "name", direction: "ascending" }))).toEqual([
      "Alpha",
      "beta",
      "delta",
      "epsilon",
      "gamma",
      "zeta",
    ]);
    expect(sortRows(ROWS, SPECS, { key: "month", direction: "ascending" }).map((r) => r.month)).toEqual([
      "2025-12",
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-09",
      "2026-10",
    ]);
  });

  it("keeps the engine's order for ties and leaves the input alone", () => {
    const input = [...ROWS];
    // delta and epsilon both have 7 lines: delta came first and stays first.
    expect(names(sortRows(input, SPECS, { key: "lines", direction: "descending" }))).toEqual([
      "Alpha",
      "delta",
      "epsilon",
      "beta",
      "zeta",
      "gamma",
    ]);
    expect(input).toEqual(ROWS);
    expect(names(sortRows(input, SPECS, null))).toEqual(names(ROWS));
  });

  it("puts numbers inside text in numeric order", () => {
    const codes = ["code-10", "code-2", "code-1"].map((name) => ({ name, amount: null, month: "", lines: 0 }));
    expect(names(sortRows(codes, SPECS, { key: "name", direction: "ascending" }))).toEqual(["code-1", "code-2", "code-10"]);
  });
});

function Table() {
  const sorting = useSortable(ROWS, SPECS);
  return (
    <table>
      <thead>
        <tr>
          <SortHeader column="name" sorting={sorting}>
            Name
          </SortHeader>
          <SortHeader column="amount" sorting={sorting} className="num">
            Amount
          </SortHeader>
        </tr>
      </thead>
      <tbody>
        {sorting.rows.map((r) => (
          <tr key={r.name} data-name={r.name}>
            <td>{r.name}</td>
            <td>{r.amount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function shownNames(): string[] {
  return [...document.querySelectorAll("tbody tr")].map((tr) => tr.getAttribute("data-name") ?? "");
}

describe("useSortable and SortHeader", () => {
  it("sorts ascending on the first click, descending on the second, and says so with aria-sort", () => {
    render(<Table />);
    const nameHeader = screen.getByRole("columnheader", { name: /Name/ });
    const amountHeader = screen.getByRole("columnheader", { name: /Amount/ });
    // Until asked, the rows keep the engine's order and no header claims a sort.
    expect(shownNames()).toEqual(names(ROWS));
    expect(nameHeader.hasAttribute("aria-sort")).toBe(false);
    expect(amountHeader.hasAttribute("aria-sort")).toBe(false);

    const amountButton = screen.getByRole("button", { name: /Amount/ });
    fireEvent.click(amountButton);
    expect(amountHeader.getAttribute("aria-sort")).toBe("ascending");
    expect(nameHeader.hasAttribute("aria-sort")).toBe(false);
    expect(shownNames()).toEqual(["epsilon", "Alpha", "zeta", "gamma", "beta", "delta"]);

    fireEvent.click(amountButton);
    expect(amountHeader.getAttribute("aria-sort")).toBe("descending");
    expect(shownNames()).toEqual(["beta", "gamma", "zeta", "Alpha", "epsilon", "delta"]);

    // Another column starts ascending, and only it carries aria-sort.
    fireEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(nameHeader.getAttribute("aria-sort")).toBe("ascending");
    expect(amountHeader.hasAttribute("aria-sort")).toBe(false);
    expect(shownNames()[0]).toBe("Alpha");
    expect(amountHeader.className).toBe("num");
  });
});

describe("matchesFilter", () => {
  it("needs every word, in any order and case", () => {
    expect(matchesFilter("openai-costs-oct26.csv OpenAI cost export", "OCT openai")).toBe(true);
    expect(matchesFilter("openai-costs-oct26.csv", "anthropic")).toBe(false);
    expect(matchesFilter("anything", "   ")).toBe(true);
  });

  it("treats the no-break spaces in French amounts as spaces", () => {
    expect(matchesFilter("1\u202f234,50 EUR", "1 234,50")).toBe(true);
  });
});
