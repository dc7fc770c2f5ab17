// Words for the engine's identifiers, as a budget owner would say them.
import type { Field, IssueSeverity, Provider, RuleKind, SourceKind } from "./bindings";
import { PROVIDERS } from "./codes/form";

export const FIELD_LABELS: Record<Field, string> = {
  period: "Month / period",
  date: "Date of use",
  department: "Department",
  cost_centre: "Cost centre",
  service_code: "Service or workload code",
  provider: "Provider / vendor",
  model: "Model",
  environment: "Environment",
  amount: "Amount",
  currency: "Currency",
  allocation_method: "How the amount was allocated",
  quantity: "Quantity / units",
  api_key_id: "API key id",
  api_key_name: "API key name",
  project: "Project",
  workspace: "Workspace",
  input_tokens: "Input tokens",
  output_tokens: "Output tokens",
  requests: "Requests",
  description: "Description / note",
};

export function fieldLabel(field: Field): string {
  return FIELD_LABELS[field];
}

export const SOURCE_LABELS: Record<SourceKind, string> = {
  showback: "Finance showback (what we are charged)",
  provider: "Provider evidence (what was used)",
};

export function sourceLabel(kind: string): string {
  return kind === "showback" || kind === "provider" ? SOURCE_LABELS[kind] : kind || "—";
}

const FORMAT_LABELS: Record<string, string> = {
  "openai-cost-csv": "OpenAI cost export (CSV)",
  "openai-usage-csv": "OpenAI usage export (CSV)",
  "anthropic-cost-csv": "Claude Console cost export (CSV)",
  "anthropic-usage-csv": "Claude Console usage export (CSV)",
  focus: "FOCUS cost and usage file",
  "openai-cost-json": "OpenAI Costs API page (JSON)",
  "openai-usage-json": "OpenAI Usage API page (JSON)",
  "anthropic-cost-json": "Anthropic Cost Report (JSON)",
  "anthropic-usage-json": "Anthropic Usage Report (JSON)",
  "litellm-spend-logs": "LiteLLM spend logs (CSV)",
  "litellm-spend-report": "LiteLLM spend export (CSV)",
  showback: "Finance showback workbook",
  mapped: "Table read through a saved layout",
};

export function formatLabel(format: string): string {
  if (format === "") return "—";
  return FORMAT_LABELS[format] ?? format;
}

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  api_key_id: "API key (id)",
  api_key_name: "API key (name)",
  openai_project: "OpenAI project",
  anthropic_workspace: "Anthropic workspace",
  tag: "Billing tag",
  workload_code: "Workload code",
};

export const SEVERITY_LABELS: Record<IssueSeverity, string> = {
  error: "Error",
  warning: "Warning",
  info: "Note",
};

/** A provider id (`azure-openai`) as its name (`Azure OpenAI`); other text as it is. */
export function providerName(provider: string | null): string {
  if (provider === null || provider === "") return "—";
  return PROVIDERS.find((p) => p.id === (provider as Provider))?.label ?? provider;
}

/** How a forecast's standing against budget reads. */
export function statusLabel(status: string): string {
  switch (status) {
    case "on_track":
      return "On track";
    case "at_risk":
      return "At risk";
    case "over":
      return "Over budget";
    case "no_budget":
      return "No budget";
    default:
      return status;
  }
}

/** How a forecasting method reads. */
export function methodLabel(method: string): string {
  switch (method) {
    case "run_rate":
      return "Month-to-date run rate";
    case "trailing_window":
      return "14-day trailing rate";
    case "weekday_profile":
      return "Weekday-aware rate";
    case "damped_trend":
      return "Damped trend";
    case "blend":
      return "Blend of methods";
    case "insufficient_history_run_rate":
      return "Run rate (insufficient history)";
    case "no_data":
      return "No data";
    default:
      return method;
  }
}

/** A department or service code, as a heading. */
export function scopeLabel(scope: { kind: string; key: string }): string {
  return scope.kind === "department" ? scope.key : `Service code ${scope.key}`;
}

/** How a dispute's standing reads. */
export function disputeStatusLabel(status: string): string {
  switch (status) {
    case "open":
      return "Open (not sent yet)";
    case "sent":
      return "Sent to finance";
    case "accepted":
      return "Finance accepted";
    case "rejected":
      return "Finance rejected";
    case "withdrawn":
      return "Withdrawn";
    default:
      return status;
  }
}

/** How a month's approval reads. */
export function approvalStatusLabel(status: string): string {
  switch (status) {
    case "recorded":
      return "Recorded, not signed yet";
    case "signed":
      return "Signed";
    case "reopened":
      return "Reopened";
    default:
      return status;
  }
}

/** The ways a shared cost can be split, in the order the split forms offer them. */
export const SPLIT_BASES = [
  { id: "tokens", label: "Proportional to tokens" },
  { id: "requests", label: "Proportional to requests" },
  { id: "cost", label: "Proportional to direct cost" },
  { id: "even", label: "Even" },
  { id: "fixed", label: "Fixed percentages" },
  { id: "direct", label: "Direct (no sharing)" },
] as const;
