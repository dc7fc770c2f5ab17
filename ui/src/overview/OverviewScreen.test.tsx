import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { LinesQuery, SpendQuery, SpendReport } from "../bindings";
import { RoundingContext } from "../rounding";
import { OverviewScreen } from "./OverviewScreen";

afterEach(cleanup);

function report(query: SpendQuery): SpendReport {
  return {
    month: query.month,
    currency: "GBP",
    by: "department",
    source: "all",
    groups: [
      { key: "Customer Service", amount: "12345.665", lines: 120 },
      { key: "Finance", amount: "800.1", lines: 30 },
      { key: "(unattributed)", amount: "54.225", lines: 4 },
    ],
    total: "13200",
    unattributed: { amount: "54.225", share: "0.0041" },
    unpriced_lines: 2,
    unconverted: [{ currency: "EUR", amount: "12.5" }],
    rates_used: [{ month: query.month, from: "USD", to: "GBP", rate: "0.79", inverted: false, source: "Finance month-end" }],
    warnings: ["Both finance's showback and the providers' figures are counted; choose one to avoid counting spend twice"],
  };
}

function fakeApi() {
  const calls = {
    spendReport: vi.fn(async (query: SpendQuery) => report(query)),
    overviewTiles: vi.fn(async () => []),
    isEmpty: vi.fn(async () => false),
    spendLines: vi.fn(async (_query: LinesQuery) => ({
      lines: [
        {
          id: 41,
          side: "provider",
          batch_id: 3,
          file_name: "openai-costs-sep26.csv",
          sha256: "ab".repeat(32),
          sheet: "openai-costs-sep26.csv",
          row: 17,
          period_start: "2026-09-03",
          provider: "openai",
          model: "gpt-5.4",
          line_item: "gpt-5.4, input",
          api_key: "cs-summary-prod",
          service_code: "cs-case-summary-prod",
          rule_id: 2,
          amount: "10.125",
          currency: "USD",
          converted: "8",
        },
      ],
      totals: [
        { side: "showback", lines: 0, amount: "0" },
        { side: "provider", lines: 120, amount: "12345.665" },
      ],
      more: 119,
    })),
  };
  return { api: calls as unknown as Api, calls };
}

describe("Overview screen", () => {
  it("rounds by the workspace's rule", async () => {
    const fake = fakeApi();
    render(
      <RoundingContext.Provider value="half_even">
        <OverviewScreen api={fake.api} today={new Date(2026, 8, 14)} />
      </RoundingContext.Provider>,
    );
    const table = await waitFor(() => {
      const found = document.getElementById("spend-report");
      expect(found).not.toBeNull();
      return found!;
    });
    // 12,345.665 and 54.225 are exact halves: to even, not away from zero.
    expect(within(table.querySelector<HTMLTableRowElement>('tr[data-key="Customer Service"]')!).getByText("12,345.66")).toBeTruthy();
    expect(within(table.querySelector<HTMLTableRowElement>('tr[data-key="(unattributed)"]')!).getByText("54.22")).toBeTruthy();
  });

  it("reports this month's spend by department with the total", async () => {
    const fake = fakeApi();
    render(<OverviewScreen api={fake.api} today={new Date(2026, 8, 14)} />);
    expect((document.getElementById("spend-month") as HTMLInputElement).value).toBe("2026-09");
    await waitFor(() =>
      expect(fake.calls.spendReport).toHaveBeenCalledWith({ month: "2026-09", by: "department", source: "all", currency: "" }),
    );
    const table = await waitFor(() => {
      const found = document.getElementById("spend-report");
      expect(found).not.toBeNull();
      return found!;
    });
    const cs = table.querySelector<HTMLTableRowElement>('tr[data-key="Customer Service"]')!;
    expect(within(cs).getByText("120")).toBeTruthy();
    expect(within(cs).getByText("12,345.67")).toBeTruthy();
    expect(table.querySelectorAll("tbody tr").length).toBe(3);
    const total = table.querySelector<HTMLTableRowElement>("tfoot tr.total-row")!;
    expect(within(total).getByText("Total")).toBeTruthy();
    expect(within(total).getByText("154")).toBeTruthy();
    expect(within(total).getByText("13,200.00 GBP")).toBeTruthy();

    expect(screen.getByText(/54\.23 GBP \(0\.41% of/)).toBeTruthy();
    expect(screen.getByText("2 lines")).toBeTruthy();
    expect(screen.getByText("12.50 EUR")).toBeTruthy();
    expect(screen.getByText(/1 USD = 0\.79 GBP/)).toBeTruthy();
    expect(screen.getByText(/counting spend twice/)).toBeTruthy();
  });

  it("drills from a group's total down to its lines with their source file and row", async () => {
    const fake = fakeApi();
    render(<OverviewScreen api={fake.api} today={new Date(2026, 8, 14)} />);
    fireEvent.click(await screen.findByRole("button", { name: "Show the lines behind Customer Service" }));
    await waitFor(() =>
      expect(fake.calls.spendLines).toHaveBeenCalledWith({
        month: "2026-09",
        by: "department",
        key: "Customer Service",
        source: "all",
      }),
    );
    const panel = await screen.findByRole("region", { name: "Lines behind Customer Service in 2026-09" });
    expect(within(panel).getByText("Provider: 120 lines, 12,345.67 GBP · the first 1 are listed")).toBeTruthy();
    const row = panel.querySelector("#drill-table tbody tr")!;
    expect(row.textContent).toContain("openai-costs-sep26.csv");
    expect(row.textContent).toContain("line 17");
    expect(row.textContent).toContain("10.13 USD");
    fireEvent.click(within(panel).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("region", { name: /Lines behind/ })).toBeNull();
  });

  it("offers the demo when the workspace is empty", async () => {
    const fake = fakeApi();
    fake.calls.isEmpty.mockResolvedValue(true);
    render(<OverviewScreen api={fake.api} today={new Date(2026, 8, 14)} />);
    expect(await screen.findByRole("button", { name: "Load demo data" })).toBeTruthy();
  });

  it("asks again when the month, grouping or source changes", async () => {
    const fake = fakeApi();
    render(<OverviewScreen api={fake.api} today={new Date(2026, 8, 14)} />);
    await waitFor(() => expect(fake.calls.spendReport).toHaveBeenCalledTimes(1));
    fireEvent.change(document.getElementById("spend-by")!, { target: { value: "service-code" } });
    await waitFor(() =>
      expect(fake.calls.spendReport).toHaveBeenLastCalledWith({ month: "2026-09", by: "service-code", source: "all", currency: "" }),
    );
    expect(screen.getByRole("columnheader", { name: "Service code" })).toBeTruthy();
    fireEvent.change(document.getElementById("spend-source")!, { target: { value: "showback" } });
    fireEvent.change(document.getElementById("spend-month")!, { target: { value: "2026-08" } });
    await waitFor(() =>
      expect(fake.calls.spendReport).toHaveBeenLastCalledWith({
        month: "2026-08",
        by: "service-code",
        source: "showback",
        currency: "",
      }),
    );
  });

  it("shows the engine's message when the report cannot be made", async () => {
    const fake = fakeApi();
    fake.calls.spendReport.mockRejectedValue(new AppError({ code: "invalid", message: "'2026-13' is not a month" }));
    render(<OverviewScreen api={fake.api} today={new Date(2026, 8, 14)} />);
    expect((await screen.findByRole("alert")).textContent).toBe("'2026-13' is not a month");
    expect(document.getElementById("spend-report")).toBeNull();
  });
});
