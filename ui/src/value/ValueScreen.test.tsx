import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { Hypothesis, HypothesisInput, ServiceCode, ValueView } from "../bindings";
import type { AreaId } from "../shell/areas";
import { NavigateContext } from "../shell/navigation";
import { ValueScreen } from "./ValueScreen";

afterEach(cleanup);

const hypothesis: Hypothesis = {
  id: 1,
  service_code: "cs-case-summary-prod",
  statement: "AI case summaries cut the cost per resolved case below £4.50",
  outcome_unit: "resolved case",
  currency: "GBP",
  baseline_cost: "6.1",
  target_cost: "4.5",
  other_cost: "2.8",
  expected_volume: 1000,
  benefit_measure: "cost_avoided",
  hours_per_outcome: null,
  owner: "Priya Nair",
  start_month: "2026-09",
  review_date: "2027-03-01",
  status: "measuring",
  decision: null,
  decision_reason: null,
  created_at: "2026-11-22T09:30:00Z",
  updated_at: "2026-11-22T09:30:00Z",
};

function view(): ValueView {
  return {
    report: {
      hypothesis,
      cost_side: "provider",
      months: [
        { month: "2026-09", outcomes: 12, ai_cost: "10", shared_cost: "0", ai_cost_per_outcome: "0.833333333", fully_loaded_per_outcome: "0.833333333", total_per_outcome: "3.633333333", net_benefit: "29.4", hours_saved: null, cost_recorded: true, counts: false },
        { month: "2026-10", outcomes: 1067, ai_cost: "1499.99", shared_cost: "195", ai_cost_per_outcome: "1.405801312", fully_loaded_per_outcome: "1.588557638", total_per_outcome: "4.388557638", net_benefit: "1826.11", hours_saved: null, cost_recorded: true, counts: true },
      ],
      total_net_benefit: "1826.11",
      verdict: { kind: "insufficient_data", reason: "1 month(s) with at least 30 resolved cases and their cost on record; 2 are needed" },
    },
    chart_svg: "<svg xmlns='http://www.w3.org/2000/svg'/>",
    outcomes: [],
  };
}

function fakeApi() {
  const calls = {
    listHypotheses: vi.fn(async (): Promise<Hypothesis[]> => [hypothesis]),
    listServiceCodes: vi.fn(async (): Promise<ServiceCode[]> => []),
    valuePortfolio: vi.fn(async () => ({
      period: "2026-08 to 2026-10",
      currency: "GBP",
      chart_svg: "",
      points: [
        { service_code: "mkt-copy-variants-pilot", aggregate_cost: "1064.63", cost_per_outcome: "12.74", baseline: "12", ratio_to_baseline: "1.06", quadrant: "re_architect_or_retire", note: "" },
      ],
    })),
    reviews: vi.fn(async () => ({
      as_of: "2026-11-22",
      due: [],
      idle: [{ service_code: "fin-close-notes-explore", last_spend: null, idle_days: null }],
      promotions: [],
      hints: [{ service_code: "mkt-copy-variants-pilot", kind: "premium_models", message: "100.0% of its cost is on premium models" }],
    })),
    valueView: vi.fn(async () => view()),
    recordOutcomes: vi.fn(async (id: number, month: string, outcomes: string) => {
      if (outcomes === "-3") throw new AppError({ code: "invalid", message: "Outcomes: outcomes '-3' is not a whole number of zero or more", fields: [] });
      return { hypothesis_id: id, month, outcomes: 1100, source: "entered", source_sha256: null, source_sheet: null, source_row: null, recorded_at: "", recorded_by: "" };
    }),
    editHypothesis: vi.fn(async (_id: number, _input: HypothesisInput) => ({
      ...hypothesis,
      decision: "scale" as const,
      decision_reason: "on track",
    })),
  };
  return { api: calls as unknown as Api, calls };
}

describe("Value", () => {
  it("shows the verdict, the months, the portfolio, idle experiments and hints", async () => {
    const fake = fakeApi();
    render(<ValueScreen api={fake.api} />);
    await waitFor(() => expect(fake.calls.valueView).toHaveBeenCalledWith(1, "provider", ""));
    expect((await screen.findByText(/1 month\(s\) with at least 30/)).closest("p")!.id).toBe("value-verdict");
    const months = document.getElementById("value-months")!;
    expect(months.querySelector('tr[data-month="2026-09"]')!.className).toBe("muted");
    expect(months.querySelector('tr[data-month="2026-10"]')!.textContent).toContain("4.39");
    expect(document.getElementById("portfolio-table")!.textContent).toContain("Re-architect or retire");
    expect(screen.getByText(/fin-close-notes-explore: an experiment with no spend on record/)).toBeTruthy();
    expect(document.getElementById("hints")!.textContent).toContain("premium models");

    fireEvent.change(document.getElementById("value-side")!, { target: { value: "showback" } });
    await waitFor(() => expect(fake.calls.valueView).toHaveBeenLastCalledWith(1, "showback", ""));
  });

  it("records outcomes and a decision, and shows the engine's message when input is wrong", async () => {
    const fake = fakeApi();
    render(<ValueScreen api={fake.api} />);
    await screen.findByText(/1 month\(s\) with at least 30/);
    fireEvent.change(document.getElementById("outcome-month")!, { target: { value: "2026-10" } });
    fireEvent.change(document.getElementById("outcome-count")!, { target: { value: "-3" } });
    await act(async () => fireEvent.click(document.getElementById("outcome-save")!));
    expect(await screen.findByText("Outcomes: outcomes '-3' is not a whole number of zero or more")).toBeTruthy();
    fireEvent.change(document.getElementById("outcome-count")!, { target: { value: "1,100" } });
    await act(async () => fireEvent.click(document.getElementById("outcome-save")!));
    expect(fake.calls.recordOutcomes).toHaveBeenLastCalledWith(1, "2026-10", "1,100");
    expect(await screen.findByText("Recorded 1100 for 2026-10")).toBeTruthy();

    fireEvent.change(document.getElementById("decision")!, { target: { value: "scale" } });
    fireEvent.change(document.getElementById("decision-reason")!, { target: { value: "on track" } });
    await act(async () => fireEvent.click(document.getElementById("decision-save")!));
    expect(fake.calls.editHypothesis.mock.calls[0]![1]).toMatchObject({ decision: "scale", decision_reason: "on track" });
  });

  it("explains a value hypothesis when there is none and opens the form", async () => {
    const fake = fakeApi();
    fake.calls.listHypotheses.mockResolvedValue([]);
    fake.calls.listServiceCodes.mockResolvedValue([{ code: "cs-case-summary-prod" } as ServiceCode]);
    render(<ValueScreen api={fake.api} />);
    const empty = await waitFor(() => {
      const found = document.getElementById("value-empty");
      if (!found) throw new Error("no empty state yet");
      return found;
    });
    expect(empty.textContent).toContain("No value hypotheses yet.");
    expect(empty.textContent).toContain("cost per resolved case below £0.40");
    expect(empty.textContent).toContain("New hypothesis");
    fireEvent.click(screen.getByRole("button", { name: "Write one down" }));
    expect(document.getElementById("value-empty")).toBeNull();
    expect(screen.getByRole("button", { name: "Close" })).toBeTruthy();
    expect(fake.calls.valueView).not.toHaveBeenCalled();
  });

  it("sends the person to Service codes first when there is no code to hang a hypothesis on", async () => {
    const fake = fakeApi();
    fake.calls.listHypotheses.mockResolvedValue([]);
    const navigate = vi.fn((_area: AreaId) => {});
    render(
      <NavigateContext.Provider value={navigate}>
        <ValueScreen api={fake.api} />
      </NavigateContext.Provider>,
    );
    fireEvent.click(await screen.findByRole("button", { name: "Add a service code" }));
    expect(navigate).toHaveBeenCalledWith("codes");
  });
});
