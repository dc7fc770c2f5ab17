import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api } from "../api";
import type { Approval, ApprovalInput, Dispute, DisputeDetail, DisputeInput, DrillLine } from "../bindings";
import { DisputesScreen } from "./DisputesScreen";

afterEach(cleanup);

const TODAY = new Date(2026, 10, 22);

function line(id: number, side: "showback" | "provider", over: Partial<DrillLine> = {}): DrillLine {
  return {
    id,
    side,
    batch_id: side === "showback" ? 2 : 1,
    file_name: side === "showback" ? "Showback Oct-26.xlsx" : "openai-costs-oct26.csv",
    sha256: "ab".repeat(32),
    sheet: side === "showback" ? "Charges" : "openai-costs-oct26.csv",
    row: id + 1,
    period_start: "2026-10-01",
    provider: side === "provider" ? "openai" : null,
    model: "GPT-5.5",
    line_item: null,
    api_key: null,
    service_code: "cs-case-summary-prod",
    rule_id: null,
    amount: "352",
    currency: "GBP",
    converted: "352",
    ...over,
  };
}

function dispute(id: number, status: Dispute["status"], over: Partial<Dispute> = {}): Dispute {
  return {
    id,
    department: "Marketing",
    month: "2026-10",
    service_code: null,
    reason: "duplicate",
    explanation: "Charged twice",
    requested_adjustment: "-352",
    currency: "GBP",
    status,
    line_ids: [7],
    created_at: "2026-11-22T09:30:00Z",
    created_by: "Dana Budget",
    updated_at: "2026-11-22T09:30:00Z",
    ...over,
  };
}

function detail(d: Dispute): DisputeDetail {
  return {
    dispute: d,
    reason_label: "Duplicate charge",
    lines: [line(7, "showback")],
    disputed_total: "352",
    provider_lines: [line(3, "provider", { amount: "400", currency: "USD", converted: "320", line_item: "gpt-5.5, output" })],
    provider_total: "320",
    rules: [
      {
        rule: {
          id: 4,
          kind: "api_key_id",
          provider: "openai",
          pattern: "key_cs_summary_01",
          service_code: "cs-case-summary-prod",
          created_at: "2026-10-01T00:00:00Z",
        },
        lines: 1,
      },
    ],
    reconciliation: [
      {
        key: "cs-case-summary-prod",
        showback: "352",
        provider: "320",
        variance: "32",
        variance_percent: "10.00",
        tolerance: "6.4",
        within_tolerance: false,
        dispute_candidate: true,
        showback_lines: 1,
        provider_lines: 1,
      },
    ],
    split: null,
  };
}

function approval(status: Approval["status"]): Approval {
  return {
    id: 3,
    department: "Marketing",
    month: "2026-10",
    signer_name: "Dana Budget",
    signer_role: "Head of Marketing Ops",
    statement: "I approve Marketing's AI charge for 2026-10.",
    status,
    pack_id: status === "signed" ? "RR-2026-10-0001-abcdef" : null,
    created_at: "2026-11-22T09:30:00Z",
    signed_at: status === "signed" ? "2026-11-22T10:00:00Z" : null,
    reopened_at: null,
    reopen_reason: null,
  };
}

function fakeApi(options: { lines?: DrillLine[]; disputes?: Dispute[]; approvals?: Approval[] } = {}) {
  const disputes = [...(options.disputes ?? [])];
  const approvals = [...(options.approvals ?? [])];
  const calls = {
    listDepartments: vi.fn(async () => [{ id: 1, name: "Marketing", aliases: [], cost_centres: [], active_codes: 2 }]),
    disputeReasons: vi.fn(async () => [
      { value: "not_our_usage", label: "Not our usage" },
      { value: "duplicate", label: "Duplicate charge" },
    ]),
    getSettings: vi.fn(async () => ({ base_currency: "GBP" })),
    monthLines: vi.fn(async (_department: string, _month: string) =>
      options.lines ?? [line(7, "showback"), line(8, "showback", { amount: "120.5", converted: "120.5", model: null, line_item: "Gateway share" }), line(3, "provider")],
    ),
    listDisputes: vi.fn(async (_department: string, _month: string) => disputes.map((d) => ({ ...d }))),
    listApprovals: vi.fn(async () => approvals.map((a) => ({ ...a }))),
    addDispute: vi.fn(async (input: DisputeInput) => {
      const made = dispute(10, "open", { line_ids: input.line_ids, reason: input.reason as Dispute["reason"], explanation: input.explanation });
      disputes.push(made);
      return detail(made);
    }),
    disputeDetail: vi.fn(async (id: number) => detail(disputes.find((d) => d.id === id)!)),
    setDisputeStatus: vi.fn(async (id: number, status: string) => {
      const found = disputes.find((d) => d.id === id)!;
      found.status = status as Dispute["status"];
      return { ...found };
    }),
    approveMonth: vi.fn(async (input: ApprovalInput) => {
      const made = { ...approval("recorded"), signer_name: input.signer_name || "Dana Budget" };
      approvals.push(made);
      return made;
    }),
    reopenApproval: vi.fn(async (_department: string, _month: string, reason: string) => {
      const found = approvals[approvals.length - 1]!;
      found.status = "reopened";
      found.reopened_at = "2026-11-23T09:00:00Z";
      found.reopen_reason = reason;
      return { ...found };
    }),
  };
  return { api: calls as unknown as Api, calls };
}

describe("Disputes & approvals", () => {
  it("records a dispute of the ticked finance line and shows its evidence", async () => {
    const fake = fakeApi();
    render(<DisputesScreen api={fake.api} today={TODAY} />);
    await waitFor(() => expect(fake.calls.monthLines).toHaveBeenCalledWith("Marketing", "2026-10"));
    expect((screen.getByLabelText("Month") as HTMLInputElement).value).toBe("2026-10");
    expect((screen.getByLabelText("Department") as HTMLSelectElement).value).toBe("Marketing");

    // Only finance's lines can be ticked; the provider's line is not listed.
    const seven = (await screen.findByLabelText("Dispute line 7")) as HTMLInputElement;
    expect(seven.getAttribute("data-line-id")).toBe("7");
    expect(document.querySelector('[data-line-id="8"]')).not.toBeNull();
    expect(document.querySelector('[data-line-id="3"]')).toBeNull();
    const row = seven.closest("tr")!;
    expect(row.textContent).toContain("Showback Oct-26.xlsx · Charges · row 8");
    expect(row.textContent).toContain("cs-case-summary-prod");
    expect(row.textContent).toContain("GPT-5.5");
    expect(row.textContent).toContain("352.00 GBP");
    expect(screen.getByText(/No disputes for Marketing in 2026-10/)).toBeTruthy();

    fireEvent.click(seven);
    expect(seven.checked).toBe(true);
    expect(document.getElementById("dispute-selection")!.textContent).toBe("1 line ticked, 352.00 GBP.");
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: "duplicate" } });
    fireEvent.change(screen.getByLabelText("Explanation"), { target: { value: "Charged twice for the same day" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Record dispute" })));

    expect(fake.calls.addDispute).toHaveBeenCalledTimes(1);
    expect(fake.calls.addDispute).toHaveBeenCalledWith({
      department: "Marketing",
      month: "2026-10",
      line_ids: [7],
      service_code: "",
      reason: "duplicate",
      explanation: "Charged twice for the same day",
      requested_adjustment: "",
      split: null,
    });

    const evidence = await screen.findByTestId("dispute-evidence");
    expect(within(evidence).getByRole("heading", { name: "Dispute #10: Duplicate charge" })).toBeTruthy();
    expect(evidence.querySelector("#dispute-disputed-total")!.textContent).toBe("352.00 GBP");
    expect(evidence.querySelector("#dispute-provider-total")!.textContent).toBe("320.00 GBP (1 line)");
    expect(evidence.querySelector("#dispute-provider-lines")!.textContent).toContain("400.00 USD");
    const rules = evidence.querySelector("#dispute-rules")!;
    expect(rules.textContent).toContain("API key (id)");
    expect(rules.textContent).toContain("key_cs_summary_01");
    const recon = evidence.querySelector('#dispute-reconciliation tr[data-key="cs-case-summary-prod"]')!;
    expect(recon.textContent).toContain("32.00");
    expect(recon.textContent).toContain("Beyond tolerance");
    expect(await screen.findByText(/Dispute #10 recorded: 352.00 GBP disputed/)).toBeTruthy();

    // The selection is cleared and the month's disputes are read again.
    expect(seven.checked).toBe(false);
    const listed = await waitFor(() => {
      const r = document.querySelector('#disputes-table tr[data-dispute-id="10"]');
      expect(r).not.toBeNull();
      return r as HTMLTableRowElement;
    });
    expect(listed.textContent).toContain("Duplicate charge");
    expect(listed.textContent).toContain("Open (not sent yet)");
    expect(within(listed).getByRole("button", { name: "Withdraw…" })).toBeTruthy();
    expect(within(listed).queryByRole("button", { name: "Finance accepted" })).toBeNull();
  });

  it("disputes a service code's variance without lines, and refuses an empty selection", async () => {
    const fake = fakeApi();
    render(<DisputesScreen api={fake.api} today={TODAY} />);
    await screen.findByLabelText("Dispute line 7");

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Record dispute" })));
    expect(fake.calls.addDispute).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("Tick the finance lines to dispute first");

    fireEvent.click(screen.getByLabelText("Dispute a service code's variance"));
    expect((screen.getByLabelText("Dispute line 7") as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Service code"), { target: { value: "cs-case-summary-prod" } });
    fireEvent.change(screen.getByLabelText("Requested adjustment (optional)"), { target: { value: "-32" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Record dispute" })));
    expect(fake.calls.addDispute).toHaveBeenCalledWith(
      expect.objectContaining({ line_ids: [], service_code: "cs-case-summary-prod", reason: "not_our_usage", requested_adjustment: "-32" }),
    );
    expect(await screen.findByTestId("dispute-evidence")).toBeTruthy();
  });

  it("says what to do when the month has no finance lines", async () => {
    const fake = fakeApi({ lines: [line(3, "provider")] });
    render(<DisputesScreen api={fake.api} today={TODAY} />);
    expect(
      await screen.findByText("No finance lines for Marketing in 2026-10 — import finance's showback first (Imports)."),
    ).toBeTruthy();
    expect(document.querySelector("[data-line-id]")).toBeNull();
    expect(screen.getByText(/Marketing's 2026-10 has not been approved yet/)).toBeTruthy();
  });

  it("moves disputes on: withdraw an open one, record finance's answer on a sent one", async () => {
    const fake = fakeApi({ disputes: [dispute(1, "open"), dispute(2, "sent")] });
    render(<DisputesScreen api={fake.api} today={TODAY} />);
    await waitFor(() => expect(document.querySelector('#disputes-table tr[data-dispute-id="2"]')).not.toBeNull());
    const open = document.querySelector<HTMLTableRowElement>('#disputes-table tr[data-dispute-id="1"]')!;
    const sent = document.querySelector<HTMLTableRowElement>('#disputes-table tr[data-dispute-id="2"]')!;
    expect(within(open).queryByRole("button", { name: "Finance rejected" })).toBeNull();
    expect(within(sent).getByRole("button", { name: "Withdraw…" })).toBeTruthy();

    await act(async () => fireEvent.click(within(sent).getByRole("button", { name: "Finance accepted" })));
    expect(fake.calls.setDisputeStatus).toHaveBeenCalledWith(2, "accepted");
    await waitFor(() =>
      expect(document.querySelector('#disputes-table tr[data-dispute-id="2"]')!.getAttribute("data-status")).toBe("accepted"),
    );
    const accepted = document.querySelector<HTMLTableRowElement>('#disputes-table tr[data-dispute-id="2"]')!;
    expect(within(accepted).queryByRole("button", { name: "Withdraw…" })).toBeNull();

    const first = () => document.querySelector<HTMLTableRowElement>('#disputes-table tr[data-dispute-id="1"]')!;
    // Withdrawing asks first; "Keep" leaves the dispute as it is.
    fireEvent.click(within(first()).getByRole("button", { name: "Withdraw…" }));
    fireEvent.click(within(first()).getByRole("button", { name: "Keep" }));
    expect(fake.calls.setDisputeStatus).not.toHaveBeenCalledWith(1, "withdrawn");
    fireEvent.click(within(first()).getByRole("button", { name: "Withdraw…" }));
    await act(async () => fireEvent.click(within(first()).getByRole("button", { name: "Withdraw for good" })));
    expect(fake.calls.setDisputeStatus).toHaveBeenCalledWith(1, "withdrawn");

    await act(async () =>
      fireEvent.click(within(document.querySelector<HTMLTableRowElement>('#disputes-table tr[data-dispute-id="1"]')!).getByRole("button", { name: "Evidence" })),
    );
    expect(fake.calls.disputeDetail).toHaveBeenCalledWith(1);
    expect(await screen.findByTestId("dispute-evidence")).toBeTruthy();
  });

  it("records the month's approval and reopens a signed one with a reason", async () => {
    const fake = fakeApi();
    render(<DisputesScreen api={fake.api} today={TODAY} />);
    await screen.findByText(/Marketing's 2026-10 has not been approved yet/);
    fireEvent.change(screen.getByLabelText("Signer name (blank = yours from Settings)"), { target: { value: "Sam Lead" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Record approval" })));
    expect(fake.calls.approveMonth).toHaveBeenCalledWith({
      department: "Marketing",
      month: "2026-10",
      signer_name: "Sam Lead",
      signer_role: "",
      statement: "",
    });
    await waitFor(() => expect(document.getElementById("approval-current")!.getAttribute("data-status")).toBe("recorded"));
    expect(screen.getByText(/Export a signed approval pack \(Packs\) to sign it/, { selector: ".banner" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Reopen" })).toBeNull();
  });

  it("reopens a signed approval only with a reason", async () => {
    const fake = fakeApi({ approvals: [approval("signed")] });
    render(<DisputesScreen api={fake.api} today={TODAY} />);
    const reopen = await screen.findByRole("button", { name: "Reopen" });
    expect(document.getElementById("approval-current")!.textContent).toContain("RR-2026-10-0001-abcdef");
    expect(screen.queryByRole("button", { name: "Record approval" })).toBeNull();

    fireEvent.click(reopen);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Reopen the month" })));
    expect(fake.calls.reopenApproval).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("Say why the month is reopened");

    fireEvent.change(screen.getByLabelText("Why is the month reopened?"), { target: { value: "Late credit note" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Reopen the month" })));
    expect(fake.calls.reopenApproval).toHaveBeenCalledWith("Marketing", "2026-10", "Late credit note");
    await waitFor(() => expect(document.getElementById("approval-current")!.getAttribute("data-status")).toBe("reopened"));
    expect(document.getElementById("approval-current")!.textContent).toContain("Late credit note");
    expect(screen.getByRole("button", { name: "Record approval" })).toBeTruthy();
  });
});
