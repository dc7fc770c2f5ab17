import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type { FieldIssue, ServiceCode, ServiceCodeInput } from "../bindings";
import { ServiceCodesScreen } from "./ServiceCodesScreen";

afterEach(cleanup);

function stored(input: ServiceCodeInput): ServiceCode {
  return {
    code: input.code,
    description: input.description,
    department: "Finance",
    business_owner: input.business_owner || null,
    technical_owner: null,
    cost_centre: null,
    environment: "sandbox",
    stage: "exploration",
    model_tier: "economy",
    allowed_providers: [],
    data_classification: "internal",
    currency: "GBP",
    budget_cap: input.budget_cap || null,
    expected_run_rate: null,
    forecast_benefit: null,
    retention_rule: null,
    approval_reference: null,
    review_date: null,
    status: "active",
    created_at: "2026-11-22T09:30:00Z",
    updated_at: "2026-11-22T09:30:00Z",
    retired_at: null,
  };
}

/** An in-memory stand-in for the engine with its code rule. */
function fakeApi() {
  const codes: ServiceCode[] = [];
  const rule = (input: ServiceCodeInput): FieldIssue[] =>
    /^[a-z][a-z0-9-]{2,39}$/.test(input.code) && input.code.includes("-")
      ? []
      : [{ field: "code", message: `'${input.code}' breaks the code rule`, severity: "error" }];
  const api = {
    isEmpty: vi.fn(async () => codes.length === 0),
    listServiceCodes: vi.fn(async () => [...codes]),
    listDepartments: vi.fn(async () => [
      { id: 1, name: "Finance", aliases: ["fin"], cost_centres: [], active_codes: codes.length },
    ]),
    validateServiceCode: vi.fn(async (input: ServiceCodeInput) => rule(input)),
    addServiceCode: vi.fn(async (input: ServiceCodeInput) => {
      const issues = rule(input);
      if (issues.length > 0) throw new AppError({ code: "invalid", message: "not accepted", fields: issues });
      const code = stored(input);
      codes.push(code);
      return code;
    }),
    loadDemo: vi.fn(async () => {
      codes.push(stored({ ...emptyLike(), code: "cs-case-summary-prod", description: "Demo" }));
      return { departments: 5, service_codes: 1, rules: 0 };
    }),
  };
  return { api: api as unknown as Api, calls: api, codes };
}

function emptyLike(): ServiceCodeInput {
  return {
    code: "", description: "", department: "", business_owner: "", technical_owner: "", cost_centre: "",
    environment: "", stage: "", model_tier: "", allowed_providers: [], data_classification: "", currency: "",
    budget_cap: "", expected_run_rate: "", forecast_benefit: "", retention_rule: "", approval_reference: "",
    review_date: "",
  };
}

describe("Service codes screen", () => {
  it("says how to start when the register is empty", async () => {
    const { api } = fakeApi();
    render(<ServiceCodesScreen api={api} />);
    expect(await screen.findByRole("heading", { name: "No service codes yet" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add my first code" }));
    expect(await screen.findByLabelText(/^Code/)).toBeTruthy();
  });

  it("shows the code rule inline and saves a valid code", async () => {
    const { api, calls, codes } = fakeApi();
    render(<ServiceCodesScreen api={api} />);
    fireEvent.click(await screen.findByRole("button", { name: "New service code" }));
    const code = screen.getByLabelText(/^Code/);
    fireEvent.change(code, { target: { value: "Fin-AP" } });
    expect(await screen.findByText("'Fin-AP' breaks the code rule")).toBeTruthy();

    fireEvent.change(code, { target: { value: "fin-ap-trial-sandbox" } });
    fireEvent.change(screen.getByLabelText(/^Workload/), { target: { value: "Trial" } });
    await waitFor(() => expect(screen.queryByText(/breaks the code rule/)).toBeNull());
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Add service code" })));
    await waitFor(() => expect(calls.addServiceCode).toHaveBeenCalledOnce());
    expect(codes.map((c) => c.code)).toEqual(["fin-ap-trial-sandbox"]);
    expect(await screen.findByText("Added fin-ap-trial-sandbox.")).toBeTruthy();
  });
});
