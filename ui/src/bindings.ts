// Generated from the Rust engine by `runrate::api::bindings`. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test --test engine bindings` after changing a type.

/**
 * A stable classification of errors, for the UI and for exit codes.
 */
export type Code = "invalid" | "not_found" | "conflict" | "verification_failed" | "io" | "storage" | "internal";

/**
 * How serious a field issue is.
 */
export type Severity = "error" | "warning";

/**
 * A problem with one field of a form or one cell of a file.
 */
export type FieldIssue = { 
/**
 * The field (`code`, `business_owner`, …).
 */
field: string, 
/**
 * What is wrong, in plain words.
 */
message: string, 
/**
 * Whether it blocks the change.
 */
severity: Severity, };

/**
 * An engine error: a code, a plain message, and optional field issues.
 */
export type Error = { 
/**
 * Stable classification.
 */
code: Code, 
/**
 * What went wrong, for the person using the app.
 */
message: string, 
/**
 * Per-field problems, when the error is about a form.
 */
fields?: Array<FieldIssue>, };

/**
 * The rounding rule used where amounts are presented or packed.
 */
export type RoundingRule = "half_away_from_zero" | "half_even";

/**
 * A provider of AI models. Finance workbooks and gateway exports spell these in
 * many ways; [`Provider::parse`] reads the common spellings.
 */
export type Provider = "openai" | "anthropic" | "azure-openai" | "aws-bedrock" | "google-vertex" | "mistral" | "cohere" | "other";

/**
 * How far a workload has come.
 */
export type Stage = "exploration" | "pilot" | "production";

/**
 * Where the workload runs.
 */
export type Environment = "production" | "staging" | "development" | "sandbox";

/**
 * The class of model the workload is meant to use.
 */
export type ModelTier = "premium" | "standard" | "economy";

/**
 * How sensitive the data the workload sends to models is.
 */
export type DataClass = "public" | "internal" | "confidential" | "restricted";

/**
 * Whether a code still takes spend.
 */
export type CodeStatus = "active" | "retired";

/**
 * A service code as stored.
 */
export type ServiceCode = { 
/**
 * The code itself, e.g. `cs-case-summary-prod`.
 */
code: string, 
/**
 * What the workload does.
 */
description: string, 
/**
 * The owning department's name.
 */
department: string, 
/**
 * The named business owner.
 */
business_owner: string | null, 
/**
 * The named technical owner.
 */
technical_owner: string | null, 
/**
 * The cost centre charged.
 */
cost_centre: string | null, 
/**
 * Where it runs.
 */
environment: Environment, 
/**
 * How far it has come.
 */
stage: Stage, 
/**
 * The class of model it should use.
 */
model_tier: ModelTier, 
/**
 * Providers it may use.
 */
allowed_providers: Array<Provider>, 
/**
 * How sensitive its data is.
 */
data_classification: DataClass, 
/**
 * Currency of the money fields below.
 */
currency: string, 
/**
 * Monthly budget cap.
 */
budget_cap: string | null, 
/**
 * Expected monthly run rate.
 */
expected_run_rate: string | null, 
/**
 * Expected monthly benefit.
 */
forecast_benefit: string | null, 
/**
 * How long prompts, outputs and traces are kept.
 */
retention_rule: string | null, 
/**
 * Legal, security or data-protection approval reference.
 */
approval_reference: string | null, 
/**
 * When the code is next reviewed (YYYY-MM-DD).
 */
review_date: string | null, 
/**
 * Active or retired.
 */
status: CodeStatus, 
/**
 * When it was created (RFC 3339).
 */
created_at: string, 
/**
 * When it last changed (RFC 3339).
 */
updated_at: string, 
/**
 * When it was retired (RFC 3339).
 */
retired_at: string | null, };

/**
 * A service code as a person typed it: free text where a form has free text.
 *
 * Amounts and dates are text so that the engine, not the form, decides what is
 * valid and says so in words (`budget cap '12,0.5' is not a number`). Empty text
 * means "not given".
 */
export type ServiceCodeInput = { 
/**
 * The code, e.g. `cs-case-summary-prod`.
 */
code: string, 
/**
 * What the workload does.
 */
description: string, 
/**
 * Department name or alias.
 */
department: string, 
/**
 * Business owner's name.
 */
business_owner: string, 
/**
 * Technical owner's name.
 */
technical_owner: string, 
/**
 * Cost centre code.
 */
cost_centre: string, 
/**
 * `production`, `staging`, `development` or `sandbox`.
 */
environment: string, 
/**
 * `exploration`, `pilot` or `production`.
 */
stage: string, 
/**
 * `premium`, `standard` or `economy`.
 */
model_tier: string, 
/**
 * Provider ids or names.
 */
allowed_providers: Array<string>, 
/**
 * `public`, `internal`, `confidential` or `restricted`.
 */
data_classification: string, 
/**
 * ISO-4217 code of the money fields; empty for the base currency.
 */
currency: string, 
/**
 * Monthly budget cap.
 */
budget_cap: string, 
/**
 * Expected monthly run rate.
 */
expected_run_rate: string, 
/**
 * Expected monthly benefit.
 */
forecast_benefit: string, 
/**
 * Retention rule.
 */
retention_rule: string, 
/**
 * Approval reference.
 */
approval_reference: string, 
/**
 * Review date, YYYY-MM-DD.
 */
review_date: string, };

/**
 * Changes to apply to a stored code; `None` leaves a field as it is and an empty
 * string clears an optional field.
 */
export type ServiceCodePatch = { 
/**
 * New description.
 */
description: string | null, 
/**
 * New department (name or alias).
 */
department: string | null, 
/**
 * New business owner.
 */
business_owner: string | null, 
/**
 * New technical owner.
 */
technical_owner: string | null, 
/**
 * New cost centre.
 */
cost_centre: string | null, 
/**
 * New environment.
 */
environment: string | null, 
/**
 * New stage.
 */
stage: string | null, 
/**
 * New model tier.
 */
model_tier: string | null, 
/**
 * New allowed providers (replaces the list).
 */
allowed_providers: Array<string> | null, 
/**
 * New data classification.
 */
data_classification: string | null, 
/**
 * New currency.
 */
currency: string | null, 
/**
 * New budget cap.
 */
budget_cap: string | null, 
/**
 * New expected run rate.
 */
expected_run_rate: string | null, 
/**
 * New forecast benefit.
 */
forecast_benefit: string | null, 
/**
 * New retention rule.
 */
retention_rule: string | null, 
/**
 * New approval reference.
 */
approval_reference: string | null, 
/**
 * New review date.
 */
review_date: string | null, };

/**
 * A department with its aliases and cost centres.
 */
export type Department = { 
/**
 * Stable id.
 */
id: number, 
/**
 * The department's name.
 */
name: string, 
/**
 * Other spellings that resolve to it.
 */
aliases: Array<string>, 
/**
 * Cost centres that belong to it.
 */
cost_centres: Array<CostCentre>, 
/**
 * Number of active service codes it owns.
 */
active_codes: number, };

/**
 * A cost centre: the finance ledger's code for where a cost lands.
 */
export type CostCentre = { 
/**
 * The code, e.g. `CC-4410`.
 */
code: string, 
/**
 * Its name, e.g. `Finance Ops`.
 */
name: string, 
/**
 * The department it belongs to, if known.
 */
department: string | null, };

/**
 * What kind of identifier a rule matches.
 */
export type RuleKind = "api_key_id" | "api_key_name" | "openai_project" | "anthropic_workspace" | "tag" | "workload_code";

/**
 * A stored rule: lines whose identifier of `kind` equals `pattern` belong to
 * `service_code`.
 */
export type AttributionRule = { 
/**
 * Stable id.
 */
id: number, 
/**
 * What it matches.
 */
kind: RuleKind, 
/**
 * Only lines from this provider, or any provider when `None`.
 */
provider: Provider | null, 
/**
 * The identifier (for tags, `key=value`).
 */
pattern: string, 
/**
 * Where matching lines go.
 */
service_code: string, 
/**
 * When the rule was made.
 */
created_at: string, };

/**
 * A row of a register file that could not be used.
 */
export type RowIssue = { 
/**
 * Sheet name (for CSV, the file name).
 */
sheet: string, 
/**
 * The row number the user sees.
 */
row: number, 
/**
 * The column's header, when the issue is about one column.
 */
column: string | null, 
/**
 * The code in that row, if readable.
 */
code: string, 
/**
 * What is wrong.
 */
message: string, };

/**
 * One stored audit event.
 */
export type AuditEvent = { 
/**
 * Position in the chain, from 1.
 */
seq: number, 
/**
 * When (RFC 3339, UTC).
 */
at: string, 
/**
 * Who.
 */
actor: string, 
/**
 * What, e.g. `service_code.add`.
 */
action: string, 
/**
 * What it was done to, e.g. `service_code:fin-ap-query-prod`.
 */
subject: string, 
/**
 * The record before, as JSON text.
 */
before_json: string | null, 
/**
 * The record after, as JSON text.
 */
after_json: string | null, 
/**
 * The previous event's hash.
 */
prev_hash: string, 
/**
 * This event's hash.
 */
hash: string, };

/**
 * The result of checking the chain.
 */
export type ChainReport = { 
/**
 * Whether every event checked out.
 */
valid: boolean, 
/**
 * How many events were checked.
 */
events: number, 
/**
 * The hash of the last event (the chain's head), if any.
 */
head: string | null, 
/**
 * The first problem found, in words.
 */
problem: string | null, 
/**
 * The sequence number of the first bad event.
 */
first_bad_seq: number | null, };

/**
 * What the app shows in About and Settings.
 */
export type AppInfo = { 
/**
 * Runrate's version.
 */
version: string, 
/**
 * The database file.
 */
database_path: string, 
/**
 * Migrations applied to it.
 */
migrations: Array<string>, };

/**
 * A file the person picked in a native dialog. The web UI only ever sees the
 * token and the file's name, never the path.
 */
export type ChosenFile = { 
/**
 * Opaque handle the desktop shell maps back to the path.
 */
token: string, 
/**
 * The file's name, for display.
 */
name: string, };

/**
 * What an export wrote.
 */
export type Exported = { 
/**
 * The file's name.
 */
name: string, 
/**
 * How many records it holds.
 */
records: number, };

/**
 * The workspace's settings.
 */
export type Settings = { 
/**
 * The currency budgets and reports are in.
 */
base_currency: string, 
/**
 * The first month of the fiscal year (1 = January, 4 = April).
 */
fiscal_year_start_month: number, 
/**
 * The budget owner's name, recorded in the audit log and on packs.
 */
owner_name: string, 
/**
 * The budget owner's role, shown on packs.
 */
owner_role: string, 
/**
 * How amounts are rounded where they are shown or packed.
 */
rounding_rule: RoundingRule, };

/**
 * Changes to settings, as typed; `None` leaves a setting as it is.
 */
export type SettingsPatch = { 
/**
 * New base currency (ISO-4217).
 */
base_currency: string | null, 
/**
 * New fiscal-year start month, 1–12.
 */
fiscal_year_start_month: string | null, 
/**
 * New owner name.
 */
owner_name: string | null, 
/**
 * New owner role.
 */
owner_role: string | null, 
/**
 * `half_away_from_zero` or `half_even`.
 */
rounding_rule: string | null, };

/**
 * Which codes to list.
 */
export type CodeFilter = { 
/**
 * Words that must all appear in the code, description, department, owners
 * or cost centre (case-insensitive).
 */
search: string | null, 
/**
 * Only this department (name or alias).
 */
department: string | null, 
/**
 * Only this status.
 */
status: CodeStatus | null, };

/**
 * What importing a register file did (or, for a preview, would do).
 */
export type RegisterImport = { 
/**
 * The file's name.
 */
file: string, 
/**
 * The sheet read.
 */
sheet: string, 
/**
 * Whether the changes were saved (false for a preview or when rows were rejected).
 */
committed: boolean, 
/**
 * Data rows read.
 */
rows_read: number, 
/**
 * Codes created.
 */
created: Array<string>, 
/**
 * Codes whose fields changed.
 */
updated: Array<string>, 
/**
 * Codes already exactly as in the file.
 */
unchanged: Array<string>, 
/**
 * Codes retired or reactivated by the status column.
 */
status_changed: Array<string>, 
/**
 * Departments the file introduced.
 */
departments_created: Array<string>, 
/**
 * Cost centres the file introduced.
 */
cost_centres_created: Array<string>, 
/**
 * Rows that could not be imported, with the reason.
 */
rejected: Array<RowIssue>, 
/**
 * Non-blocking remarks per row.
 */
warnings: Array<RowIssue>, };

/**
 * A rule as typed.
 */
export type RuleInput = { 
/**
 * `api_key_id`, `api_key_name`, `openai_project`, `anthropic_workspace`, `tag` or `workload_code`.
 */
kind: string, 
/**
 * The identifier to match (for tags, `key=value`).
 */
pattern: string, 
/**
 * The service code matching lines belong to.
 */
service_code: string, 
/**
 * Restrict to one provider; empty for any.
 */
provider: string, };

/**
 * What loading the demo added.
 */
export type DemoLoaded = { 
/**
 * Departments added.
 */
departments: number, 
/**
 * Service codes added.
 */
service_codes: number, 
/**
 * Attribution rules added.
 */
rules: number, };
