import { describe, expect, it } from "vitest";
import type { ServiceCode } from "../bindings";
import { emptyInput, formatAmount, inputFrom, issuesByField, requiredFields } from "./form";

const stored: ServiceCode = {
  code: "fin-ap-query-prod",
  description: "AP queries",
  department: "Finance",
  business_owner: "Ana Silva",
  technical_owner: null,
  cost_centre: "CC-4410",
  environment: "production",
  stage: "production",
  model_tier: "standard",
  allowed_providers: ["openai"],
  data_classification: "internal",
  currency: "GBP",
  budget_cap: "1200",
  expected_run_rate: "900.1",
  forecast_benefit: null,
  retention_rule: null,
  approval_reference: null,
  review_date: "2027-03-31",
  status: "active",
  created_at: "2026-11-22T09:30:00Z",
  updated_at: "2026-11-22T09:30:00Z",
  retired_at: null,
};

describe("service-code form", () => {
  it("starts empty and fills from a stored code with nulls as empty text", () => {
    expect(emptyInput().allowed_providers).toEqual([]);
    const input = inputFrom(stored);
    expect(input.technical_owner).toBe("");
    expect(input.budget_cap).toBe("1200");
    expect(input.allowed_providers).toEqual(["openai"]);
    expect(input.allowed_providers).not.toBe(stored.allowed_providers);
  });

  it("marks what each stage requires", () => {
    expect(requiredFields("exploration").has("business_owner")).toBe(false);
    expect(requiredFields("pilot").has("business_owner")).toBe(true);
    expect(requiredFields("pilot").has("budget_cap")).toBe(false);
    expect(requiredFields("production").has("budget_cap")).toBe(true);
    expect(requiredFields("production").has("cost_centre")).toBe(true);
  });

  it("groups issues by field with errors first", () => {
    const grouped = issuesByField([
      { field: "code", message: "vendor word", severity: "warning" },
      { field: "code", message: "breaks the rule", severity: "error" },
      { field: "stage", message: "required", severity: "error" },
    ]);
    expect(grouped.get("code")?.map((i) => i.message)).toEqual(["breaks the rule", "vendor word"]);
  });

  it("formats exact amounts without losing digits", () => {
    expect(formatAmount("1234567.5", "GBP")).toBe("1,234,567.50 GBP");
    expect(formatAmount("0.123456789", "USD")).toBe("0.123456789 USD");
    expect(formatAmount("-900", "EUR")).toBe("−900.00 EUR");
    expect(formatAmount(null, "GBP")).toBe("—");
  });
});
