import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, type Api } from "../api";
import type {
  AttributionRule,
  CodeFilter,
  ImportRecord,
  RuleInput,
  RuleSaved,
  ServiceCode,
  UnattributedGroup,
} from "../bindings";
import type { AreaId } from "../shell/areas";
import { NavigateContext } from "../shell/navigation";
import { AttributionScreen } from "./AttributionScreen";

afterEach(cleanup);

function code(c: string): ServiceCode {
  return {
    code: c,
    description: "",
    department: "Finance",
    business_owner: null,
    technical_owner: null,
    cost_centre: null,
    environment: "production",
    stage: "production",
    model_tier: "standard",
    allowed_providers: [],
    data_classification: "internal",
    currency: "GBP",
    budget_cap: null,
    expected_run_rate: null,
    forecast_benefit: null,
    retention_rule: null,
    approval_reference: null,
    review_date: null,
    status: "active",
    created_at: "2026-09-01T00:00:00Z",
    updated_at: "2026-09-01T00:00:00Z",
    retired_at: null,
  };
}

function imported(undone_at: string | null = null): ImportRecord {
  return {
    import_id: 1,
    file: "openai-costs-oct26.csv",
    size: 2048,
    sha256: "ab".repeat(32),
    format: "openai-cost-csv",
    format_version: null,
    mapping: null,
    encoding: null,
    sheets: [],
    source_kind: "provider",
    rows_read: 10,
    lines_imported: 10,
    rows_skipped: {},
    rows_rejected: 0,
    duplicates: 0,
    totals: [{ currency: "USD", amount: "100" }],
    issues: [],
    imported_at: "2026-10-02T09:30:00Z",
    imported_by: "Dana Budget",
    undone_at,
  };
}

function fakeApi(initial: UnattributedGroup[], imports: ImportRecord[] = [imported()]) {
  let groups = [...initial];
  let rules: AttributionRule[] = [];
  const calls = {
    listRules: vi.fn(async () => rules.map((r) => ({ ...r }))),
    removeRule: vi.fn(async (id: number): Promise<RuleSaved> => {
      const rule = rules.find((r) => r.id === id)!;
      rules = rules.filter((r) => r.id !== id);
      groups = [...groups, { ...KEY, identifier: rule.pattern }];
      return { rule, lines_reattributed: 3 };
    }),
    listImports: vi.fn(async () => imports),
    unattributedSpend: vi.fn(async (_month: string) => groups.map((g) => ({ ...g }))),
    listServiceCodes: vi.fn(async (_filter: CodeFilter) => [code("cs-case-summary-prod"), code("fin-ap-query-prod")]),
    addRule: vi.fn(async (input: RuleInput): Promise<RuleSaved> => {
      const matched = groups.find((g) => g.identifier === input.pattern);
      if (!matched) throw new AppError({ code: "not_found", message: "nothing matches" });
      groups = groups.filter((g) => g !== matched);
      const rule: AttributionRule = {
        id: 7,
        kind: "api_key_id",
        provider: null,
        pattern: input.pattern,
        service_code: input.service_code,
        created_at: "2026-10-01T00:00:00Z",
      };
      rules = [...rules, rule];
      return { rule, lines_reattributed: matched.lines };
    }),
  };
  return { api: calls as unknown as Api, calls };
}

const KEY: UnattributedGroup = {
  kind: "api_key_id",
  identifier: "key_abc123",
  also_known_as: ["support-bot"],
  provider: "openai",
  lines: 42,
  totals: [{ currency: "USD", amount: "1520.125" }],
};

const WORKSPACE: UnattributedGroup = {
  kind: "anthropic_workspace",
  identifier: "wrkspc_9",
  also_known_as: [],
  provider: null,
  lines: 3,
  totals: [
    { currency: "GBP", amount: "10" },
    { currency: "USD", amount: "2.5" },
  ],
};

const NONE: UnattributedGroup = {
  kind: null,
  identifier: "",
  also_known_as: [],
  provider: null,
  lines: 5,
  totals: [{ currency: "GBP", amount: "99" }],
};

function row(identifier: string): HTMLTableRowElement {
  const found = document.querySelector<HTMLTableRowElement>(`tr[data-identifier="${identifier}"]`);
  if (!found) throw new Error(`no row for ${identifier}`);
  return found;
}

describe("Attribution screen", () => {
  it("lists unattributed spend and maps an identifier to a service code", async () => {
    const fake = fakeApi([KEY, WORKSPACE, NONE]);
    render(<AttributionScreen api={fake.api} />);
    await waitFor(() => expect(document.querySelectorAll("tr[data-identifier]").length).toBe(3));
    expect(fake.calls.unattributedSpend).toHaveBeenCalledWith("");
    expect(fake.calls.listServiceCodes).toHaveBeenCalledWith({ search: null, department: null, status: "active" });

    const key = row("key_abc123");
    expect(within(key).getByText("API key (id)")).toBeTruthy();
    expect(within(key).getByText("support-bot")).toBeTruthy();
    expect(within(key).getByText("OpenAI")).toBeTruthy();
    expect(within(key).getByText("42")).toBeTruthy();
    expect(within(key).getByText("1,520.13 USD")).toBeTruthy();
    expect(within(row("wrkspc_9")).getByText("10.00 GBP")).toBeTruthy();
    expect(within(row("wrkspc_9")).getByText("2.50 USD")).toBeTruthy();

    // Lines with no identifier are explained, not offered a mapping.
    const none = row("");
    expect(none.querySelector("select.map-code")).toBeNull();
    expect(none.querySelector("button.map-button")).toBeNull();
    expect(within(none).getByText(/no rule\s+can match them/)).toBeTruthy();

    const select = key.querySelector<HTMLSelectElement>("select.map-code")!;
    const button = key.querySelector<HTMLButtonElement>("button.map-button")!;
    expect(button.textContent).toBe("Map");
    expect(button.disabled).toBe(true);
    expect([...select.options].map((o) => o.value)).toEqual(["", "cs-case-summary-prod", "fin-ap-query-prod"]);
    expect(within(key).getByLabelText("Service code for key_abc123")).toBe(select);

    fireEvent.change(select, { target: { value: "cs-case-summary-prod" } });
    expect(button.disabled).toBe(false);
    await act(async () => fireEvent.click(button));

    expect(fake.calls.addRule).toHaveBeenCalledWith({
      kind: "api_key_id",
      pattern: "key_abc123",
      service_code: "cs-case-summary-prod",
      provider: "openai",
    });
    expect(await screen.findByText("Mapped: 42 lines now belong to cs-case-summary-prod.")).toBeTruthy();
    await waitFor(() => expect(document.querySelector('tr[data-identifier="key_abc123"]')).toBeNull());
    expect(fake.calls.unattributedSpend).toHaveBeenCalledTimes(2);
  });

  it("lists the rule just made and takes it back after asking", async () => {
    const fake = fakeApi([KEY]);
    render(<AttributionScreen api={fake.api} />);
    expect(await screen.findByText("No rules yet: map an identifier above and it appears here.")).toBeTruthy();
    const row = await screen.findByText("key_abc123");
    const tr = row.closest("tr")!;
    fireEvent.change(within(tr).getByRole("combobox"), { target: { value: "fin-ap-query-prod" } });
    await act(async () => fireEvent.click(within(tr).getByRole("button", { name: /^Map key_abc123/ })));
    const rules = await screen.findByRole("table", { name: "Attribution rules" });
    expect(rules.textContent).toContain("fin-ap-query-prod");
    fireEvent.click(within(rules).getByRole("button", { name: "Remove the rule for key_abc123" }));
    expect(fake.calls.removeRule).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(within(rules).getByRole("button", { name: "Keep" })));
    fireEvent.click(within(rules).getByRole("button", { name: "Remove the rule for key_abc123" }));
    await act(async () => fireEvent.click(within(rules).getByRole("button", { name: "Remove" })));
    expect(fake.calls.removeRule).toHaveBeenCalledWith(7);
    expect(await screen.findByText("Removed the rule for key_abc123: 3 lines were attributed again.")).toBeTruthy();
    // Its lines are back in the unattributed list.
    expect(await screen.findByText("key_abc123")).toBeTruthy();
  });

  it("sends an empty provider for a group without one", async () => {
    const fake = fakeApi([WORKSPACE]);
    render(<AttributionScreen api={fake.api} />);
    const workspace = await waitFor(() => row("wrkspc_9"));
    fireEvent.change(workspace.querySelector("select.map-code")!, { target: { value: "fin-ap-query-prod" } });
    await act(async () => fireEvent.click(workspace.querySelector("button.map-button")!));
    expect(fake.calls.addRule).toHaveBeenCalledWith({
      kind: "anthropic_workspace",
      pattern: "wrkspc_9",
      service_code: "fin-ap-query-prod",
      provider: "",
    });
    expect(await screen.findByText("Every imported line is attributed to a service code.")).toBeTruthy();
  });

  it("maps a workload code for every provider, even when one served all its lines", async () => {
    const code: UnattributedGroup = {
      kind: "workload_code",
      identifier: "WL-RECON",
      also_known_as: [],
      provider: "anthropic",
      lines: 2,
      totals: [{ currency: "GBP", amount: "1292.65" }],
    };
    const fake = fakeApi([code]);
    render(<AttributionScreen api={fake.api} />);
    const found = await waitFor(() => row("WL-RECON"));
    fireEvent.change(found.querySelector("select.map-code")!, { target: { value: "fin-ap-query-prod" } });
    await act(async () => fireEvent.click(found.querySelector("button.map-button")!));
    expect(fake.calls.addRule).toHaveBeenCalledWith({
      kind: "workload_code",
      pattern: "WL-RECON",
      service_code: "fin-ap-query-prod",
      provider: "",
    });
  });

  it("says so when everything is attributed", async () => {
    const fake = fakeApi([]);
    render(<AttributionScreen api={fake.api} />);
    expect(await screen.findByText("Every imported line is attributed to a service code.")).toBeTruthy();
    expect(document.querySelector("#unattributed-spend")).toBeNull();
  });

  it("shows the engine's message when mapping fails", async () => {
    const fake = fakeApi([KEY]);
    fake.calls.addRule.mockRejectedValueOnce(
      new AppError({ code: "conflict", message: "A rule already sends key_abc123 to another code" }),
    );
    render(<AttributionScreen api={fake.api} />);
    const key = await waitFor(() => row("key_abc123"));
    fireEvent.change(key.querySelector("select.map-code")!, { target: { value: "fin-ap-query-prod" } });
    await act(async () => fireEvent.click(key.querySelector("button.map-button")!));
    expect((await screen.findByRole("alert")).textContent).toBe("A rule already sends key_abc123 to another code");
  });

  it("says nothing is imported yet, with the way to Imports, rather than that everything is attributed", async () => {
    const fake = fakeApi([], []);
    const navigate = vi.fn((_area: AreaId) => {});
    render(
      <NavigateContext.Provider value={navigate}>
        <AttributionScreen api={fake.api} />
      </NavigateContext.Provider>,
    );
    expect(await screen.findByText("Nothing has been imported yet, so there is no spend to attribute.")).toBeTruthy();
    expect(screen.queryByText("Every imported line is attributed to a service code.")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Import files" }));
    expect(navigate).toHaveBeenCalledWith("imports");
  });

  it("counts only imports that were not undone", async () => {
    const fake = fakeApi([], [imported("2026-10-03T10:00:00Z")]);
    render(<AttributionScreen api={fake.api} />);
    expect(await screen.findByText("Nothing has been imported yet, so there is no spend to attribute.")).toBeTruthy();
  });

  it("filters by any visible text and sorts amounts by value within a currency", async () => {
    const small: UnattributedGroup = { ...KEY, identifier: "key_small", also_known_as: [], lines: 2, totals: [{ currency: "USD", amount: "99.5" }] };
    const fake = fakeApi([KEY, WORKSPACE, NONE, small]);
    render(<AttributionScreen api={fake.api} />);
    await waitFor(() => expect(document.querySelectorAll("tr[data-identifier]").length).toBe(4));
    const shown = () => [...document.querySelectorAll("tr[data-identifier]")].map((tr) => tr.getAttribute("data-identifier"));

    const amount = screen.getByRole("columnheader", { name: /Amount/ });
    fireEvent.click(within(amount).getByRole("button"));
    expect(amount.getAttribute("aria-sort")).toBe("ascending");
    // GBP before USD; within USD 99.5 before 1,520.125.
    expect(shown()).toEqual(["wrkspc_9", "", "key_small", "key_abc123"]);

    const filter = screen.getByRole("searchbox", { name: "Filter unattributed spend" });
    fireEvent.change(filter, { target: { value: "support-BOT" } });
    expect(shown()).toEqual(["key_abc123"]);
    fireEvent.change(filter, { target: { value: "openai" } });
    expect(shown()).toEqual(["key_small", "key_abc123"]);
    fireEvent.change(filter, { target: { value: "zzz" } });
    expect(shown()).toEqual([]);
    expect(screen.getByText("Nothing unattributed matches “zzz”.")).toBeTruthy();
  });
});
