import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../api";
import type { ReconcileRow, Reconciliation } from "../bindings";
import type { AreaId } from "../shell/areas";
import { NavigateContext } from "../shell/navigation";
import { ReconciliationScreen } from "./ReconciliationScreen";

afterEach(cleanup);

function row(key: string, showback: string, provider: string, variance: string, pct: string | null, dispute: boolean): ReconcileRow {
  return {
    key,
    showback,
    provider,
    variance,
    variance_percent: pct,
    tolerance: "6.4",
    within_tolerance: !dispute,
    dispute_candidate: dispute,
    showback_lines: 1,
    provider_lines: 1,
  };
}

function standingOf(code: string | null) {
  return {
    service_code: code,
    rule_id: code === null ? null : 4,
    live: true,
    replaced_by: null,
    amount: "400",
    currency: "USD",
    cost_basis: "billed",
    price_id: null,
  };
}

const result: Reconciliation = {
  month: "2026-10",
  currency: "GBP",
  by: "service_code",
  department: null,
  tolerance_percent: "2",
  tolerance_amount: "1",
  rows: [row("cs-case-summary-prod", "352", "320", "32", "10.00", true), row("fin-ap-query-prod", "200", "200", "0", "0.00", false)],
  total: row("Total", "552", "520", "32", "6.15", true),
  dispute_candidates: 1,
  rates_used: [{ month: "2026-10", from: "USD", to: "GBP", rate: "0.8", inverted: false, source: "test" }],
  warnings: [],
  chart_svg: '<svg xmlns="http://www.w3.org/2000/svg"><text>cs-case-summary-prod</text></svg>',
};

describe("Reconciliation", () => {
  it("marks variances beyond tolerance and drills down to the lines on both sides", async () => {
    const calls = {
      reconcile: vi.fn(async () => result),
      reconcileLines: vi.fn(async () => ({
        totals: [
          { side: "showback", lines: 1, amount: "352" },
          { side: "provider", lines: 1, amount: "320" },
        ],
        more: 0,
        lines: [
        { id: 7, side: "showback", batch_id: 2, file_name: "showback-oct26.csv", sha256: "ab".repeat(32), sheet: "showback-oct26.csv", row: 6, period_start: "2026-10-01", provider: null, model: "GPT-5.5", line_item: null, api_key: null, amount: "352", currency: "GBP", converted: "352" },
        { id: 3, side: "provider", batch_id: 1, file_name: "openai-costs-oct26.csv", sha256: "cd".repeat(32), sheet: "openai-costs-oct26.csv", row: 4, period_start: "2026-10-20", provider: "openai", model: "gpt-5.5", line_item: "gpt-5.5, output", api_key: "key_cs_summary_01", amount: "400", currency: "USD", converted: "320" },
      ],
      })),
      lineHistory: vi.fn(async () => [
        {
          seq: 1,
          audit_seq: 12,
          action: "rule.add",
          at: "2026-11-02T10:00:00Z",
          actor: "dana",
          before: { ...standingOf(null) },
          after: { ...standingOf("cs-case-summary-prod") },
        },
      ]),
    };
    render(<ReconciliationScreen api={calls as unknown as Api} today={new Date(2026, 10, 22)} />);
    await waitFor(() =>
      expect(calls.reconcile).toHaveBeenCalledWith({ month: "2026-10", by: "service-code", department: "" }),
    );
    expect((await screen.findByText(/1 row differs beyond tolerance in 2026-10: a candidate/)).id).toBe("reconcile-summary");
    const table = document.getElementById("reconcile-table")!;
    const cs = table.querySelector<HTMLTableRowElement>('tr[data-key="cs-case-summary-prod"]')!;
    expect(cs.className).toContain("variance-beyond");
    expect(within(cs).getByText("Dispute candidate")).toBeTruthy();
    expect(within(cs).getByText("10.00%")).toBeTruthy();
    expect(table.querySelector('tr[data-key="fin-ap-query-prod"]')!.className).toContain("variance-within");
    expect(screen.getByText("Converted at 1 USD = 0.8 GBP (2026-10, test)")).toBeTruthy();

    await act(async () => fireEvent.click(within(cs).getByText("cs-case-summary-prod")));
    expect(calls.reconcileLines).toHaveBeenCalledWith({ month: "2026-10", by: "service-code", key: "cs-case-summary-prod", department: "" });
    const drill = document.getElementById("drill-table")!;
    expect(drill.querySelector('tr[data-side="provider"]')!.textContent).toContain("400.00 USD");
    expect(drill.querySelector('tr[data-side="provider"]')!.textContent).toContain("320.00");

    // A line's id opens what has changed about it since it was imported.
    await act(async () => fireEvent.click(within(drill).getByRole("button", { name: "3" })));
    expect(calls.lineHistory).toHaveBeenCalledWith(3);
    await screen.findByRole("region", { name: "History of line 3" });
    const changes = document.getElementById("line-history-table")!;
    expect(changes.textContent).toContain("rule.add");
    expect(changes.textContent).toContain("unattributed · 400.00 USD (billed) · live");
    expect(changes.textContent).toContain("cs-case-summary-prod · 400.00 USD (billed) · live");
  });

  it("sorts rows by exact amounts and narrows them with the filter", async () => {
    const many: Reconciliation = {
      ...result,
      rows: [
        row("cs-case-summary-prod", "352", "320", "32", "10.00", true),
        row("fin-ap-query-prod", "200", "212.5", "-12.5", "-5.88", true),
        row("hr-policy-bot", "1000", "1000", "0", "0.00", false),
        row("mkt-copy-variants-pilot", "9.99", "10", "-0.01", "-0.10", false),
      ],
    };
    const calls = { reconcile: vi.fn(async () => many), reconcileLines: vi.fn() };
    render(<ReconciliationScreen api={calls as unknown as Api} today={new Date(2026, 10, 22)} />);
    await screen.findByText(/differs? beyond tolerance/);
    const keys = () =>
      [...document.querySelectorAll("#reconcile-table tbody tr[data-key]")].map((tr) => tr.getAttribute("data-key"));
    expect(keys()).toEqual(["cs-case-summary-prod", "fin-ap-query-prod", "hr-policy-bot", "mkt-copy-variants-pilot"]);

    // Variance: -12.5 < -0.01 < 0 < 32, compared on the digits.
    const variance = screen.getByRole("columnheader", { name: /^Variance(?! %)/ });
    fireEvent.click(within(variance).getByRole("button"));
    expect(variance.getAttribute("aria-sort")).toBe("ascending");
    expect(keys()).toEqual(["fin-ap-query-prod", "mkt-copy-variants-pilot", "hr-policy-bot", "cs-case-summary-prod"]);
    fireEvent.click(within(variance).getByRole("button"));
    expect(variance.getAttribute("aria-sort")).toBe("descending");
    expect(keys()).toEqual(["cs-case-summary-prod", "hr-policy-bot", "mkt-copy-variants-pilot", "fin-ap-query-prod"]);

    // Finance charged: 1000 above 352 (not "1000" < "352" as text).
    const charged = screen.getByRole("columnheader", { name: /Finance charged/ });
    fireEvent.click(within(charged).getByRole("button"));
    expect(keys()).toEqual(["mkt-copy-variants-pilot", "fin-ap-query-prod", "cs-case-summary-prod", "hr-policy-bot"]);

    // The filter matches any visible text, the status included; the total stays the month's.
    const filter = screen.getByRole("searchbox", { name: "Filter the reconciliation for 2026-10" });
    expect((filter as HTMLInputElement).placeholder).toBe("Filter…");
    fireEvent.change(filter, { target: { value: "dispute" } });
    expect(keys()).toEqual(["fin-ap-query-prod", "cs-case-summary-prod"]);
    expect(screen.getByText("2 of 4 shown")).toBeTruthy();
    expect(screen.getByText("Total of all rows (GBP)")).toBeTruthy();
    fireEvent.change(filter, { target: { value: "nothing like this" } });
    expect(keys()).toEqual([]);
    expect(screen.getByText("No row matches “nothing like this”.")).toBeTruthy();
    fireEvent.keyDown(filter, { key: "Escape" });
    expect(keys()).toHaveLength(4);
    expect(screen.getByText("Total (GBP)")).toBeTruthy();
  });

  it("says what a month with nothing to compare needs, with the way to Imports", async () => {
    const empty: Reconciliation = { ...result, rows: [], dispute_candidates: 0, total: row("Total", "0", "0", "0", null, false) };
    const calls = { reconcile: vi.fn(async () => empty), reconcileLines: vi.fn() };
    const navigate = vi.fn((_area: AreaId) => {});
    render(
      <NavigateContext.Provider value={navigate}>
        <ReconciliationScreen api={calls as unknown as Api} today={new Date(2026, 10, 22)} />
      </NavigateContext.Provider>,
    );
    expect((await screen.findByText("Nothing to compare for 2026-10 yet.")).id).toBe("reconcile-summary");
    const cell = document.getElementById("reconcile-empty")!;
    expect(cell.textContent).toContain("finance’s showback workbook and a provider export");
    expect(cell.textContent).toContain("the same month");
    // No filter over an empty table.
    expect(screen.queryByRole("searchbox")).toBeNull();
    fireEvent.click(within(cell).getByRole("button", { name: "Import files" }));
    expect(navigate).toHaveBeenCalledWith("imports");
  });
});
