// The service-code form's state: what the person typed, as the engine's
// `ServiceCodeInput` (all text, so the engine decides what is valid).
import type {
  DataClass,
  Environment,
  FieldIssue,
  ModelTier,
  Provider,
  ServiceCode,
  ServiceCodeInput,
  Stage,
} from "../bindings";
import { writeDigits } from "../format";

export const STAGES: readonly Stage[] = ["exploration", "pilot", "production"];
export const ENVIRONMENTS: readonly Environment[] = ["production", "staging", "development", "sandbox"];
export const MODEL_TIERS: readonly ModelTier[] = ["premium", "standard", "economy"];
export const DATA_CLASSES: readonly DataClass[] = ["public", "internal", "confidential", "restricted"];
export const PROVIDERS: readonly { id: Provider; label: string }[] = [
  { id: "openai", label: "OpenAI" },
  { id: "anthropic", label: "Anthropic" },
  { id: "azure-openai", label: "Azure OpenAI" },
  { id: "aws-bedrock", label: "AWS Bedrock" },
  { id: "google-vertex", label: "Google Vertex AI" },
  { id: "mistral", label: "Mistral" },
  { id: "cohere", label: "Cohere" },
  { id: "other", label: "Other" },
];

export function providerLabel(id: Provider): string {
  return PROVIDERS.find((p) => p.id === id)?.label ?? id;
}

export function emptyInput(): ServiceCodeInput {
  return {
    code: "",
    description: "",
    department: "",
    business_owner: "",
    technical_owner: "",
    cost_centre: "",
    environment: "",
    stage: "",
    model_tier: "",
    allowed_providers: [],
    data_classification: "",
    currency: "",
    budget_cap: "",
    expected_run_rate: "",
    forecast_benefit: "",
    retention_rule: "",
    approval_reference: "",
    review_date: "",
  };
}

/** The form for editing an existing code. */
export function inputFrom(code: ServiceCode): ServiceCodeInput {
  return {
    code: code.code,
    description: code.description,
    department: code.department,
    business_owner: code.business_owner ?? "",
    technical_owner: code.technical_owner ?? "",
    cost_centre: code.cost_centre ?? "",
    environment: code.environment,
    stage: code.stage,
    model_tier: code.model_tier,
    allowed_providers: [...code.allowed_providers],
    data_classification: code.data_classification,
    currency: code.currency,
    budget_cap: code.budget_cap ?? "",
    expected_run_rate: code.expected_run_rate ?? "",
    forecast_benefit: code.forecast_benefit ?? "",
    retention_rule: code.retention_rule ?? "",
    approval_reference: code.approval_reference ?? "",
    review_date: code.review_date ?? "",
  };
}

/** Which fields a stage makes required, so the form can mark them before the engine complains. */
export function requiredFields(stage: string): ReadonlySet<keyof ServiceCodeInput> {
  const base: (keyof ServiceCodeInput)[] = [
    "code",
    "description",
    "department",
    "environment",
    "stage",
    "model_tier",
    "data_classification",
  ];
  if (stage === "pilot" || stage === "production") base.push("business_owner", "expected_run_rate");
  if (stage === "production") base.push("cost_centre", "budget_cap");
  return new Set(base);
}

/** Issues grouped by field, errors before warnings. */
export function issuesByField(issues: readonly FieldIssue[]): Map<string, FieldIssue[]> {
  const grouped = new Map<string, FieldIssue[]>();
  for (const issue of issues) {
    const list = grouped.get(issue.field) ?? [];
    list.push(issue);
    grouped.set(issue.field, list);
  }
  for (const list of grouped.values()) {
    list.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  }
  return grouped;
}

/**
 * Formats an exact decimal string with the locale's separators, keeping every
 * digit (a cap is shown as it was entered, never rounded).
 */
export function formatAmount(amount: string | null, currency: string): string {
  if (amount === null || amount === "") return "—";
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? amount.slice(1) : amount).split(".");
  return `${writeDigits(whole, fraction.padEnd(2, "0"), negative)} ${currency}`;
}
