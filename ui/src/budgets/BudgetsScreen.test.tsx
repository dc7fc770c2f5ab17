import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { BudgetInput } from "../bindings";
import { view } from "../testing/forecasts";
import type { AreaId } from "../shell/areas";
import { NavigateContext } from "../shell/navigation";
import { BudgetsScreen } from "./BudgetsScreen";

afterEach(cleanup);

function fakeApi() {
  const calls = {
    listDepartments: vi.fn(async () => [{ id: 1, name: "Customer Service", aliases: [], cost_centres: [], active_codes: 2 }]),
    listServiceCodes: vi.fn(async () => []),
    forecastView: vi.fn(async () => view()),
    listBudgets: vi.fn(async () => [
      {
        scope_kind: "department",
        scope: "Customer Service",
        period: "2026-11",
        amount: "1700",
        currency: "GBP",
        thresholds: [80, 100],
        updated_at: "2026-11-18T09:00:00Z",
        updated_by: "Ana",
      },
    ]),
    budgetHistory: vi.fn(async () => []),
    spendLines: vi.fn(async () => ({
      lines: [],
      totals: [
        { side: "showback", lines: 0, amount: "0" },
        { side: "provider", lines: 0, amount: "0" },
      ],
      more: 0,
    })),
    forecastHistory: vi.fn(async () => [
      { period: "2026-10", as_of: "2026-10-10", method: "blend", forecast: "1400", low: "1300", high: "1600", actual: "1500", variance: "100", within_range: true },
    ]),
    readiness: vi.fn(async () => [
      {
        scope: { kind: "department", key: "Customer Service" },
        ready: false,
        checks: [{ item: "history", passed: false, detail: "4 month(s) of showback history (6 needed)" }],
      },
    ]),
    anomalies: vi.fn(async () => ({ from: "2026-10-20", through: "2026-11-18", currency: "GBP", anomalies: [], warnings: [] })),
    setBudget: vi.fn(async (input: BudgetInput) => {
      if (input.amount === "1,2.3") throw new AppError({ code: "invalid", message: "Budget: amount '1,2.3' is not a number", fields: [] });
      return { scope_kind: "department", scope: "Customer Service", period: input.period, amount: "2000", currency: "GBP", thresholds: [80, 100], updated_at: "", updated_by: "" };
    }),
  };
  return { api: calls as unknown as Api, calls };
}

describe("Budgets & forecast", () => {
  it("shows the forecast, its method, the budget, the history and the readiness checklist", async () => {
    const fake = fakeApi();
    render(<BudgetsScreen api={fake.api} />);
    await waitFor(() =>
      expect(fake.calls.forecastView).toHaveBeenCalledWith({ department: "Customer Service", service_code: "", as_of: "" }),
    );
    expect((await screen.findByText(/it had the smallest error/)).id).toBe("forecast-explanation");
    const figures = screen.getByRole("table", { name: "Forecast figures" });
    expect(figures.textContent).toContain("1,213.67 GBP – 1,569.59 GBP");
    expect(figures.textContent).toContain("none (insufficient history)");
    expect(screen.getByText("Department Customer Service: the forecast for 2026-11 is 88.9% of its budget (threshold 80%)")).toBeTruthy();
    expect(screen.getByRole("table", { name: "Budgets" }).textContent).toContain("1,700.00 GBP");
    expect(screen.getByRole("table", { name: "Forecast history" }).textContent).toContain("yes");
    expect(screen.getByText("4 month(s) of showback history (6 needed)")).toBeTruthy();
  });

  it("drills from the spend to date down to the provider lines", async () => {
    const fake = fakeApi();
    render(<BudgetsScreen api={fake.api} />);
    fireEvent.click(await screen.findByRole("button", { name: "Show the lines behind the spend to date" }));
    await waitFor(() =>
      expect(fake.calls.spendLines).toHaveBeenCalledWith({
        month: "2026-11",
        by: "department",
        key: "Customer Service",
        source: "provider",
      }),
    );
    expect(await screen.findByRole("region", { name: /Provider lines for Customer Service/ })).toBeTruthy();
    expect(screen.getByText("No lines.")).toBeTruthy();
  });

  it("sets a budget and shows the engine's message when the amount is wrong", async () => {
    const fake = fakeApi();
    render(<BudgetsScreen api={fake.api} />);
    await screen.findByRole("table", { name: "Budgets" });
    fireEvent.change(document.getElementById("budget-amount")!, { target: { value: "1,2.3" } });
    await act(async () => fireEvent.click(document.getElementById("budget-save")!));
    expect(await screen.findByText("Budget: amount '1,2.3' is not a number")).toBeTruthy();
    fireEvent.change(document.getElementById("budget-amount")!, { target: { value: "2,000" } });
    fireEvent.change(document.getElementById("budget-thresholds")!, { target: { value: "50, 100" } });
    await act(async () => fireEvent.click(document.getElementById("budget-save")!));
    expect(fake.calls.setBudget).toHaveBeenLastCalledWith({
      department: "Customer Service",
      service_code: "",
      period: "2026-11",
      amount: "2,000",
      currency: "",
      thresholds: "50, 100",
    });
    expect(await screen.findByText("Budget for 2026-11 set to 2,000.00 GBP")).toBeTruthy();
    await waitFor(() => expect(fake.calls.forecastView.mock.calls.length).toBeGreaterThan(1));
  });

  it("says how to set a budget when the scope has none", async () => {
    const fake = fakeApi();
    fake.calls.listBudgets.mockResolvedValue([]);
    render(<BudgetsScreen api={fake.api} />);
    const empty = await waitFor(() => {
      const found = document.getElementById("budgets-empty");
      if (!found) throw new Error("no budgets row yet");
      return found;
    });
    expect(empty.textContent).toContain("No budget set for Customer Service yet.");
    expect(empty.textContent).toContain("then choose Set budget");
    expect(empty.textContent).toContain("Import budgets…");
  });

  it("leads to Service codes or Imports when there is nothing to budget for", async () => {
    const fake = fakeApi();
    fake.calls.listDepartments.mockResolvedValue([]);
    const navigate = vi.fn((_area: AreaId) => {});
    render(
      <NavigateContext.Provider value={navigate}>
        <BudgetsScreen api={fake.api} />
      </NavigateContext.Provider>,
    );
    expect(await screen.findByText("There is nothing to set a budget for yet.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add a service code" }));
    expect(navigate).toHaveBeenCalledWith("codes");
    fireEvent.click(screen.getByRole("button", { name: "Import files" }));
    expect(navigate).toHaveBeenLastCalledWith("imports");
    expect(fake.calls.forecastView).not.toHaveBeenCalled();
  });
});
