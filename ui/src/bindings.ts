// Generated from the Rust engine by `runrate::api::bindings`. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test --test engine bindings` after changing a type.

/**
 * A stable classification of errors, for the UI and for exit codes.
 */
export type Code = "invalid" | "not_found" | "unrecognised_layout" | "conflict" | "verification_failed" | "passphrase_required" | "cancelled" | "io" | "storage" | "internal";

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
first_bad_seq: number | null, 
/**
 * Changes to imported lines' standing (attribution, liveness, a computed
 * price) checked against the lines and the log.
 */
line_changes: number, };

/**
 * One change to a line's standing, with the audited call that made it.
 */
export type LineChange = { 
/**
 * Order of the change among all changes.
 */
seq: number, 
/**
 * The audit event of the call that made it.
 */
audit_seq: number | null, 
/**
 * That event's action, e.g. `rule.add` or `import.undo`.
 */
action: string | null, 
/**
 * When.
 */
at: string | null, 
/**
 * By whom.
 */
actor: string | null, 
/**
 * The standing before the change.
 */
before: LineStanding, 
/**
 * The standing after it.
 */
after: LineStanding, };

/**
 * Where an imported line stands in the ledger at one moment. What the file
 * said never changes; this is what may (see `line_change` in the store).
 */
export type LineStanding = { 
/**
 * The service code the line is attributed to.
 */
service_code: string | null, 
/**
 * The attribution rule that put it there.
 */
rule_id: number | null, 
/**
 * Whether the line counts (an undone import or a replaced figure does not).
 */
live: boolean, 
/**
 * The import whose figure replaced this one.
 */
replaced_by: number | null, 
/**
 * The amount, once known.
 */
amount: string | null, 
/**
 * Its currency.
 */
currency: string | null, 
/**
 * Where the amount came from: billed, list, computed or unpriced.
 */
cost_basis: string, 
/**
 * The price-book entry a computed amount used.
 */
price_id: number | null, };

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
migrations: Array<string>, 
/**
 * The folder of automatic backups.
 */
backups_folder: string, 
/**
 * Whether the workspace holds the demo dataset (it can be cleared).
 */
demo_loaded: boolean, };

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
rounding_rule: RoundingRule, 
/**
 * A reconciliation variance within this percentage of the provider
 * evidence is accepted.
 */
reconciliation_tolerance_percent: string, 
/**
 * …or within this amount (base currency), whichever is larger.
 */
reconciliation_tolerance_amount: string, 
/**
 * The alert thresholds (percent of budget) a new budget starts with.
 */
alert_thresholds: Array<number>, };

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
rounding_rule: string | null, 
/**
 * Reconciliation tolerance, percent (`2`, `2.5%`).
 */
reconciliation_tolerance_percent: string | null, 
/**
 * Reconciliation tolerance, amount in the base currency.
 */
reconciliation_tolerance_amount: string | null, 
/**
 * Alert thresholds for new budgets, percent (`80, 100`).
 */
alert_thresholds: string | null, };

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
rules: number, 
/**
 * Spend lines imported (generated provider usage and finance showback).
 */
spend_lines: number, 
/**
 * Budgets set.
 */
budgets: number, 
/**
 * Value hypotheses written down (with months of outcomes).
 */
hypotheses: number, };

/**
 * What clearing the demo did.
 */
export type DemoCleared = { 
/**
 * The backup of the workspace as it was, demo and all.
 */
backup: BackupInfo, };

/**
 * One backup file.
 */
export type BackupInfo = { 
/**
 * The file's name.
 */
file_name: string, 
/**
 * Where it is.
 */
path: string, 
/**
 * Its size in bytes.
 */
bytes: number, 
/**
 * Why it was taken: `manual`, `before-import`, `before-undo`, `before-restore`,
 * `before-clearing-demo`, `before-upgrade`.
 */
reason: string, 
/**
 * When it was taken (RFC 3339), when the name says.
 */
created_at: string | null, 
/**
 * Spend lines it holds, when it was checked.
 */
spend_lines: number | null, };

/**
 * What a restore did.
 */
export type Restored = { 
/**
 * The file restored from.
 */
restored_from: string, 
/**
 * Spend lines now in the workspace.
 */
spend_lines: number, 
/**
 * The copy of the workspace as it was just before the restore.
 */
previous: BackupInfo, };

/**
 * A rule change and what it did to lines already imported.
 */
export type RuleSaved = { 
/**
 * The rule added or removed.
 */
rule: AttributionRule, 
/**
 * Live lines whose service code changed because of it.
 */
lines_reattributed: number, };

/**
 * Where a line's figure comes from.
 */
export type SourceKind = "showback" | "provider";

/**
 * How serious an import issue is.
 */
export type IssueSeverity = "error" | "warning" | "info";

/**
 * A problem with one row, cell or sheet.
 */
export type ImportIssue = { 
/**
 * `error` rejects the row; `warning` and `info` do not.
 */
severity: IssueSeverity, 
/**
 * The sheet (for CSV, the file name).
 */
sheet: string, 
/**
 * The row or line number.
 */
row: number | null, 
/**
 * The column's header.
 */
column: string | null, 
/**
 * The cell's value as written.
 */
value: string | null, 
/**
 * What is wrong, in words that name the place.
 */
message: string, };

/**
 * What a column of a table means.
 */
export type Field = "period" | "date" | "department" | "cost_centre" | "service_code" | "provider" | "model" | "environment" | "amount" | "currency" | "allocation_method" | "quantity" | "api_key_id" | "api_key_name" | "project" | "workspace" | "input_tokens" | "output_tokens" | "requests" | "description";

/**
 * A saved column mapping: how to read a layout Runrate does not recognise by
 * itself. Workbooks whose header row has the same column names use it again.
 */
export type Mapping = { 
/**
 * The template's name.
 */
name: string, 
/**
 * Whether the file is finance's showback or a provider's evidence.
 */
source: SourceKind, 
/**
 * Header text (as in the file) for each field used.
 */
columns: { [key in Field]?: string }, 
/**
 * Currency of amounts that name none.
 */
currency: string | null, 
/**
 * Provider of lines that name none.
 */
provider: string | null, 
/**
 * The header row's column names, normalised: a workbook whose header row
 * has exactly these is read with this mapping without asking.
 */
signature: Array<string>, };

/**
 * How to import.
 */
export type ImportOptions = { 
/**
 * Force a format (`openai-cost-csv`, …) instead of detecting it.
 */
format: string | null, 
/**
 * Preview only: read, check and count, save nothing.
 */
dry_run: boolean, 
/**
 * Import the valid rows even when some are rejected (they stay listed).
 */
keep_valid_rows: boolean, 
/**
 * Read the file through this saved column mapping.
 */
mapping: string | null, 
/**
 * Where a line restates a charge an earlier import holds with another
 * amount, take this file's figure (the earlier line is kept, withdrawn,
 * and comes back if this import is undone). Otherwise such rows are
 * rejected as conflicts.
 */
replace_conflicts: boolean, };

/**
 * Money per currency.
 */
export type CurrencyTotal = { 
/**
 * ISO 4217 code.
 */
currency: string, 
/**
 * Exact sum, as a decimal string.
 */
amount: string, };

/**
 * What importing one file did (or, for a preview, would do).
 */
export type ImportSummary = { 
/**
 * The batch id; `None` for a preview or when nothing was saved.
 */
import_id: number | null, 
/**
 * The file's name.
 */
file: string, 
/**
 * SHA-256 of the file's bytes.
 */
sha256: string, 
/**
 * The format detected or forced.
 */
format: string, 
/**
 * The format's version where the file shows it (FOCUS `1.2`).
 */
format_version: string | null, 
/**
 * The saved column mapping used, if any.
 */
mapping: string | null, 
/**
 * `showback` (finance's charge) or `provider` (evidence of use).
 */
source_kind: string, 
/**
 * Sheets read.
 */
sheets: Array<string>, 
/**
 * Sheets not imported (summaries, pivots, sheets without a table).
 */
sheets_skipped: Array<string>, 
/**
 * Whether the lines were saved.
 */
committed: boolean, 
/**
 * Every row read, header, blank and preamble rows included.
 */
rows_read: number, 
/**
 * Lines saved (or, in a preview, that would be).
 */
lines_imported: number, 
/**
 * Rows without spend, by reason (duplicates included).
 */
rows_skipped: { [key in string]: number }, 
/**
 * Rows that could not be read.
 */
rows_rejected: number, 
/**
 * Lines already imported from an earlier file.
 */
duplicates: number, 
/**
 * Lines whose charge an earlier import holds with another amount.
 */
conflicts: number, 
/**
 * Of those, lines that replace the earlier figure (with `replace_conflicts`).
 */
replaced: number, 
/**
 * Usage lines without an amount (model not priced).
 */
unpriced: number, 
/**
 * Lines that matched no attribution rule.
 */
unattributed: number, 
/**
 * Sum of imported amounts per currency.
 */
totals: Array<CurrencyTotal>, 
/**
 * Problems, most serious first.
 */
issues: Array<ImportIssue>, };

/**
 * An earlier import, as listed.
 */
export type ImportRecord = { 
/**
 * The batch id.
 */
import_id: number, 
/**
 * The file's name.
 */
file: string, 
/**
 * The file's size in bytes.
 */
size: number, 
/**
 * SHA-256 of the file.
 */
sha256: string, 
/**
 * Format.
 */
format: string, 
/**
 * The format's version where the file showed it.
 */
format_version: string | null, 
/**
 * The saved column mapping used, if any.
 */
mapping: string | null, 
/**
 * The text encoding, for text files.
 */
encoding: string | null, 
/**
 * Sheets read.
 */
sheets: Array<string>, 
/**
 * `showback` or `provider`.
 */
source_kind: string, 
/**
 * Rows read.
 */
rows_read: number, 
/**
 * Lines imported.
 */
lines_imported: number, 
/**
 * Rows skipped, by reason.
 */
rows_skipped: { [key in string]: number }, 
/**
 * Rows rejected.
 */
rows_rejected: number, 
/**
 * Duplicates of earlier imports.
 */
duplicates: number, 
/**
 * Control totals per currency.
 */
totals: Array<CurrencyTotal>, 
/**
 * Issues recorded at import.
 */
issues: Array<ImportIssue>, 
/**
 * When.
 */
imported_at: string, 
/**
 * Who.
 */
imported_by: string, 
/**
 * When it was undone, if it was.
 */
undone_at: string | null, };

/**
 * Which part of an import is running.
 */
export type ImportStage = "reading" | "saving";

/**
 * How far an import has got, for a progress bar.
 */
export type ImportProgress = { 
/**
 * The stage.
 */
stage: ImportStage, 
/**
 * Rows read, or lines saved.
 */
done: number, 
/**
 * Lines to save (unknown while reading).
 */
total: number | null, };

/**
 * One row as text.
 */
export type PreviewRow = { 
/**
 * The row number as the spreadsheet shows it.
 */
number: number, 
/**
 * The cells as text.
 */
cells: Array<string>, };

/**
 * The top of one sheet, for the mapping editor.
 */
export type SheetPreview = { 
/**
 * The sheet's name.
 */
name: string, 
/**
 * The first rows as text, with their row numbers.
 */
rows: Array<PreviewRow>, 
/**
 * The row that looks most like a header (its row number).
 */
header_row: number | null, 
/**
 * A guess at each column's field, by column index (`None` = not used).
 */
suggested: Array<Field | null>, };

/**
 * What the mapping editor shows about a file.
 */
export type LayoutPreview = { 
/**
 * The file's name.
 */
file: string, 
/**
 * Each sheet's top rows.
 */
sheets: Array<SheetPreview>, 
/**
 * Every field a column can be mapped to, in the editor's order.
 */
fields: Array<Field>, };

/**
 * One dated price.
 */
export type PriceEntry = { 
/**
 * The entry's id (0 before it is stored).
 */
id: number, 
/**
 * The provider.
 */
provider: Provider, 
/**
 * The model id, undated (`gpt-5.4-mini`).
 */
model: string, 
/**
 * `standard`, `batch`, `priority`, `flex`.
 */
tier: string, 
/**
 * The prices' currency.
 */
currency: string, 
/**
 * Uncached input, per million tokens.
 */
input: string, 
/**
 * Cached input (cache reads), per million tokens.
 */
cached_input: string | null, 
/**
 * Cache writes (five-minute), per million tokens.
 */
cache_write: string | null, 
/**
 * One-hour cache writes, per million tokens.
 */
cache_write_1h: string | null, 
/**
 * Output, per million tokens.
 */
output: string, 
/**
 * The first day the price applies.
 */
effective_from: string, 
/**
 * Where the price comes from.
 */
source: string, 
/**
 * When the source was read.
 */
captured_on: string | null, };

/**
 * A price as typed in a form or a file row; every field is text.
 */
export type PriceInput = { 
/**
 * `openai`, `anthropic`, …
 */
provider: string, 
/**
 * Undated model id.
 */
model: string, 
/**
 * `standard` (default), `batch`, `priority`, `flex`.
 */
tier: string, 
/**
 * ISO 4217; default USD.
 */
currency: string, 
/**
 * Per million uncached input tokens.
 */
input: string, 
/**
 * Per million cached input tokens (blank = input price).
 */
cached_input: string, 
/**
 * Per million cache-write tokens (blank = input price).
 */
cache_write: string, 
/**
 * Per million one-hour cache-write tokens (blank = cache-write price).
 */
cache_write_1h: string, 
/**
 * Per million output tokens.
 */
output: string, 
/**
 * First day the price applies (YYYY-MM-DD).
 */
effective_from: string, 
/**
 * Where the price comes from.
 */
source: string, 
/**
 * When the source was read (YYYY-MM-DD), optional.
 */
captured_on: string, };

/**
 * What a price change did.
 */
export type PricesSaved = { 
/**
 * Entries saved.
 */
entries: Array<PriceEntry>, 
/**
 * Usage lines that were unpriced and now have an amount.
 */
lines_priced: number, };

/**
 * One month's rate for a currency pair.
 */
export type FxRate = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The currency converted from.
 */
from: string, 
/**
 * The currency converted to.
 */
to: string, 
/**
 * Units of `to` per unit of `from`.
 */
rate: string, 
/**
 * Where the rate comes from (finance's month-end rate, a central bank).
 */
source: string, };

/**
 * Which rate a conversion used.
 */
export type RateUsed = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * From.
 */
from: string, 
/**
 * To.
 */
to: string, 
/**
 * The multiplier applied.
 */
rate: string, 
/**
 * Whether it is the inverse of the recorded reverse rate.
 */
inverted: boolean, 
/**
 * The recorded rate's source.
 */
source: string, };

/**
 * An FX rate as typed.
 */
export type FxInput = { 
/**
 * `YYYY-MM` (or any month label).
 */
month: string, 
/**
 * From currency.
 */
from: string, 
/**
 * To currency.
 */
to: string, 
/**
 * Units of `to` per unit of `from`.
 */
rate: string, 
/**
 * Where the rate comes from.
 */
source: string, };

/**
 * How to group spend.
 */
export type GroupBy = "department" | "service-code" | "provider" | "model" | "api-key";

/**
 * Which lines to count.
 */
export type SourceFilter = "showback" | "provider" | "all";

/**
 * One group's spend.
 */
export type SpendGroup = { 
/**
 * The department, code, provider, model or key; `(unattributed)` or
 * `(none)` when the line has none.
 */
key: string, 
/**
 * Exact sum in the report's currency.
 */
amount: string, 
/**
 * Lines counted.
 */
lines: number, };

/**
 * Unattributed spend and its share of the total.
 */
export type UnattributedShare = { 
/**
 * Exact sum.
 */
amount: string, 
/**
 * Share of the total, 0–1, four decimal places.
 */
share: string, };

/**
 * Money left out because it could not be converted.
 */
export type Unconverted = { 
/**
 * The currency without a rate.
 */
currency: string, 
/**
 * Its exact sum.
 */
amount: string, };

/**
 * A month's spend.
 */
export type SpendReport = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The report's currency.
 */
currency: string, 
/**
 * How the groups are formed.
 */
by: GroupBy, 
/**
 * Which lines were counted.
 */
source: SourceFilter, 
/**
 * Groups, largest first.
 */
groups: Array<SpendGroup>, 
/**
 * Exact total of the groups.
 */
total: string, 
/**
 * Spend no rule attributes to a service code.
 */
unattributed: UnattributedShare, 
/**
 * Usage lines without a price (not in any sum).
 */
unpriced_lines: number, 
/**
 * Amounts left out for want of an FX rate.
 */
unconverted: Array<Unconverted>, 
/**
 * The FX rates used.
 */
rates_used: Array<RateUsed>, 
/**
 * Things the reader should know (both sources counted, missing rates).
 */
warnings: Array<string>, };

/**
 * Unattributed spend behind one identifier.
 */
export type UnattributedGroup = { 
/**
 * The kind of identifier a rule would match.
 */
kind: RuleKind | null, 
/**
 * The identifier (empty when the lines carry none).
 */
identifier: string, 
/**
 * Other names the lines carry (key name beside its id, project names).
 */
also_known_as: Array<string>, 
/**
 * The provider, when every line comes from the same one.
 */
provider: string | null, 
/**
 * Lines.
 */
lines: number, 
/**
 * Exact sums per currency.
 */
totals: Array<Unconverted>, };

/**
 * What to report, as typed.
 */
export type SpendQuery = { 
/**
 * The month (`2026-09`, `Sep-26`).
 */
month: string, 
/**
 * `department` (default), `service-code`, `provider`, `model`, `api-key`.
 */
by: string, 
/**
 * `all` (default), `showback`, `provider`.
 */
source: string, 
/**
 * Report currency; default the base currency.
 */
currency: string, };

/**
 * What a budget, forecast or readiness check covers.
 */
export type ScopeKind = "department" | "service_code";

/**
 * A department or service code.
 */
export type Scope = { 
/**
 * Department or service code.
 */
kind: ScopeKind, 
/**
 * The department's name or the code.
 */
key: string, };

/**
 * A budget.
 */
export type Budget = { 
/**
 * Department or service code.
 */
scope_kind: ScopeKind, 
/**
 * The department's name or the code.
 */
scope: string, 
/**
 * `2026-11` or `FY2027`.
 */
period: string, 
/**
 * The amount.
 */
amount: string, 
/**
 * Its currency (the base currency when it was set).
 */
currency: string, 
/**
 * Alert thresholds, percent of the amount, ascending.
 */
thresholds: Array<number>, 
/**
 * When it last changed.
 */
updated_at: string, 
/**
 * Who changed it.
 */
updated_by: string, };

/**
 * One change to a budget, kept for its history.
 */
export type BudgetChange = { 
/**
 * Department or service code.
 */
scope_kind: ScopeKind, 
/**
 * The department's name or the code.
 */
scope: string, 
/**
 * `2026-11` or `FY2027`.
 */
period: string, 
/**
 * Currency.
 */
currency: string, 
/**
 * The amount before (none when the budget was new).
 */
old_amount: string | null, 
/**
 * The amount after (none when it was removed).
 */
new_amount: string | null, 
/**
 * Thresholds before.
 */
old_thresholds: Array<number> | null, 
/**
 * Thresholds after.
 */
new_thresholds: Array<number> | null, 
/**
 * `entered`, or the file it was imported from.
 */
origin: string, 
/**
 * When.
 */
changed_at: string, 
/**
 * Who.
 */
changed_by: string, };

/**
 * What an alert was measured on.
 */
export type AlertBasis = "actual" | "forecast";

/**
 * A threshold crossed.
 */
export type Alert = { 
/**
 * Department or service code.
 */
scope_kind: ScopeKind, 
/**
 * Its name or code.
 */
scope: string, 
/**
 * `2026-11` or `FY2027`.
 */
period: string, 
/**
 * Actual or forecast.
 */
basis: AlertBasis, 
/**
 * The highest threshold crossed, percent.
 */
threshold: number, 
/**
 * The amount measured.
 */
amount: string, 
/**
 * The budget.
 */
budget: string, 
/**
 * Amount ÷ budget, percent, one decimal place.
 */
percent_of_budget: string, 
/**
 * Whether the budget itself (100% or more) is passed.
 */
over_budget: boolean, 
/**
 * What to tell the owner.
 */
message: string, };

/**
 * A budget as typed in a form or a file row; every field is text.
 */
export type BudgetInput = { 
/**
 * The department (name or alias), when the budget is a department's.
 */
department: string, 
/**
 * The service code, when the budget is a code's.
 */
service_code: string, 
/**
 * `2026-11`, `Nov-26`, `FY27 P08` for a month; `FY2027` for a fiscal year.
 */
period: string, 
/**
 * The amount (`12,500.00`, `£12,500`).
 */
amount: string, 
/**
 * Currency; blank = the base currency.
 */
currency: string, 
/**
 * Alert thresholds in percent (`80, 100`); blank keeps the budget's
 * thresholds, or for a new budget takes those in Settings (80% and 100%
 * unless changed).
 */
thresholds: string, };

/**
 * What a budget import did.
 */
export type BudgetsImported = { 
/**
 * Budgets created or changed.
 */
saved: Array<Budget>, 
/**
 * Rows that matched the budget already held.
 */
unchanged: number, };

/**
 * A forecasting method.
 */
export type Method = "run_rate" | "trailing_window" | "weekday_profile" | "damped_trend" | "blend";

/**
 * One method's backtest score.
 */
export type MethodScore = { 
/**
 * The method.
 */
method: Method, 
/**
 * Mean absolute error of the `h`-day sum over the origins.
 */
mean_absolute_error: string, };

/**
 * The method used, as the forecast JSON states it.
 */
export type MethodUsed = "run_rate" | "trailing_window" | "weekday_profile" | "damped_trend" | "blend" | "insufficient_history_run_rate" | "no_data";

/**
 * Where the forecast stands against budget.
 */
export type Status = "on_track" | "at_risk" | "over" | "no_budget";

/**
 * What a forecast was made from.
 */
export type ForecastInputs = { 
/**
 * The last day with data that the forecast uses.
 */
data_through: string | null, 
/**
 * Days of daily history used (month-end) or complete months (year-end).
 */
history: number, 
/**
 * Days (month-end) or months (year-end) still to forecast.
 */
remaining: number, 
/**
 * Fixed charges already in the actual.
 */
fixed_charges_to_date: string, 
/**
 * Fixed charges expected later in the period (recurring from last month).
 */
expected_fixed_charges: string, 
/**
 * Backtest origins the choice rests on.
 */
backtest_origins: number, 
/**
 * Every method's backtest error.
 */
scores: Array<MethodScore>, 
/**
 * Months whose total came from finance's showback because no provider
 * data covers them (year-end only).
 */
showback_months: Array<string>, };

/**
 * A forecast for one period.
 */
export type PeriodForecast = { 
/**
 * `2026-11` or `FY2027`.
 */
period: string, 
/**
 * Spent so far in the period.
 */
actual_to_date: string, 
/**
 * The period's forecast total.
 */
forecast: string, 
/**
 * Low end of the 80% range (none without enough history).
 */
low: string | null, 
/**
 * High end of the 80% range.
 */
high: string | null, 
/**
 * The period's budget.
 */
budget: string | null, 
/**
 * Forecast minus budget: positive means over budget.
 */
variance: string | null, 
/**
 * The day spend passes the budget, on the forecast path (a past day when
 * it already has).
 */
exhaustion_date: string | null, 
/**
 * The method used.
 */
method: MethodUsed, 
/**
 * Against budget.
 */
status: Status, 
/**
 * The method and why, in a sentence or two.
 */
explanation: string, 
/**
 * What it was made from.
 */
inputs: ForecastInputs, };

/**
 * What to forecast, as typed.
 */
export type ForecastQuery = { 
/**
 * A department (name or alias)…
 */
department: string, 
/**
 * …or a service code.
 */
service_code: string, 
/**
 * `YYYY-MM-DD`; blank = today.
 */
as_of: string, };

/**
 * One day of the month chart: cumulative spend, actual or forecast, with the
 * 80% range on forecast days.
 */
export type PathPoint = { 
/**
 * The day.
 */
date: string, 
/**
 * Cumulative spend in the month.
 */
cumulative: string, 
/**
 * Whether the day is actual (else forecast).
 */
actual: boolean, 
/**
 * Range low (forecast days with a range).
 */
low: string | null, 
/**
 * Range high.
 */
high: string | null, };

/**
 * How much of a department's spend carries no service code.
 */
export type UnattributedPart = { 
/**
 * Finance's latest showback month measured.
 */
month: string, 
/**
 * Unattributed amount.
 */
amount: string, 
/**
 * Share of the department's spend, 0–1, four places (half away from zero).
 */
share: string, };

/**
 * A scope's month-end and year-end forecasts.
 */
export type ScopeForecast = { 
/**
 * The department or code.
 */
scope: Scope, 
/**
 * The as-of date.
 */
as_of: string, 
/**
 * The base currency all amounts are in.
 */
currency: string, 
/**
 * The month holding the as-of date.
 */
month: PeriodForecast, 
/**
 * The fiscal year holding it.
 */
year: PeriodForecast, 
/**
 * The month's path, for the chart.
 */
path: Array<PathPoint>, 
/**
 * Alerts the budgets raise.
 */
alerts: Array<Alert>, 
/**
 * For a department: the share of its spend not tied to a service code.
 */
unattributed: UnattributedPart | null, 
/**
 * Things the reader should know (amounts left out for want of an FX rate).
 */
warnings: Array<string>, };

/**
 * A forecast with its pictures, for the app.
 */
export type ForecastView = { 
/**
 * The forecast.
 */
forecast: ScopeForecast, 
/**
 * The month chart (SVG).
 */
chart_svg: string, 
/**
 * The bullet chart of the month against budget (SVG).
 */
bullet_svg: string, };

/**
 * A past forecast beside the actual.
 */
export type ForecastCheck = { 
/**
 * `2026-10`.
 */
period: string, 
/**
 * The as-of date of the forecast.
 */
as_of: string, 
/**
 * The method it used.
 */
method: string, 
/**
 * The forecast.
 */
forecast: string, 
/**
 * Its range.
 */
low: string | null, 
/**
 * Its range.
 */
high: string | null, 
/**
 * What was spent (none while the month is open).
 */
actual: string | null, 
/**
 * Actual minus forecast.
 */
variance: string | null, 
/**
 * Whether the actual fell inside the range.
 */
within_range: boolean | null, };

/**
 * How to group the two sides.
 */
export type ReconcileBy = "service_code" | "department";

/**
 * Which side a line is on.
 */
export type Side = "showback" | "provider";

/**
 * One row of the reconciliation.
 */
export type ReconcileRow = { 
/**
 * Service code or department; `(unattributed)` when lines carry neither.
 */
key: string, 
/**
 * Finance's charge.
 */
showback: string, 
/**
 * Provider evidence.
 */
provider: string, 
/**
 * Showback minus provider.
 */
variance: string, 
/**
 * Variance as a percentage of the provider side (none when it is zero).
 */
variance_percent: string | null, 
/**
 * The tolerance that applied, as an amount.
 */
tolerance: string, 
/**
 * Whether the variance is within it.
 */
within_tolerance: boolean, 
/**
 * Beyond tolerance: a candidate for a chargeback dispute.
 */
dispute_candidate: boolean, 
/**
 * Showback lines counted.
 */
showback_lines: number, 
/**
 * Provider lines counted.
 */
provider_lines: number, };

/**
 * What to reconcile, as typed.
 */
export type ReconcileQuery = { 
/**
 * The month (`2026-10`, `Oct-26`).
 */
month: string, 
/**
 * `service-code` (default) or `department`.
 */
by: string, 
/**
 * Only this department (name or alias); blank = all.
 */
department: string, };

/**
 * A month's reconciliation.
 */
export type Reconciliation = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The base currency.
 */
currency: string, 
/**
 * How rows are grouped.
 */
by: ReconcileBy, 
/**
 * The department filter, if any.
 */
department: string | null, 
/**
 * Tolerance, percent of the provider side.
 */
tolerance_percent: string, 
/**
 * Tolerance, amount.
 */
tolerance_amount: string, 
/**
 * One row per code or department, largest variance first.
 */
rows: Array<ReconcileRow>, 
/**
 * Both sides in total.
 */
total: ReconcileRow, 
/**
 * Rows beyond tolerance.
 */
dispute_candidates: number, 
/**
 * FX rates used.
 */
rates_used: Array<RateUsed>, 
/**
 * Things the reader should know.
 */
warnings: Array<string>, 
/**
 * The chart of the largest variances (SVG, the same as in packs);
 * empty when there are no rows.
 */
chart_svg: string, };

/**
 * Which lines to show behind a row.
 */
export type DrillQuery = { 
/**
 * The month.
 */
month: string, 
/**
 * `service-code` or `department`.
 */
by: string, 
/**
 * The row's key (a code, a department, or `(unattributed)`).
 */
key: string, 
/**
 * The department filter the reconciliation used; blank = all.
 */
department: string, };

/**
 * Which lines to show behind a total on Overview or Budgets: a month's
 * lines in one group of a spend report.
 */
export type LinesQuery = { 
/**
 * The month.
 */
month: string, 
/**
 * `department`, `service-code`, `provider`, `model` or `api-key`.
 */
by: string, 
/**
 * The group's key, as the report shows it (`(unattributed)` and
 * `(none)` included).
 */
key: string, 
/**
 * `all` (default), `showback` or `provider`.
 */
source: string, };

/**
 * A line behind a reconciliation row, with where it came from.
 */
export type DrillLine = { 
/**
 * Line id.
 */
id: number, 
/**
 * Showback or provider.
 */
side: Side, 
/**
 * Import batch.
 */
batch_id: number, 
/**
 * The file.
 */
file_name: string, 
/**
 * Its SHA-256.
 */
sha256: string, 
/**
 * Sheet (or file name for CSV).
 */
sheet: string, 
/**
 * Row or line number.
 */
row: number, 
/**
 * First day covered.
 */
period_start: string, 
/**
 * Provider.
 */
provider: string | null, 
/**
 * Model.
 */
model: string | null, 
/**
 * Line item.
 */
line_item: string | null, 
/**
 * API key.
 */
api_key: string | null, 
/**
 * Service code.
 */
service_code: string | null, 
/**
 * The attribution rule that placed it.
 */
rule_id: number | null, 
/**
 * Amount as recorded.
 */
amount: string | null, 
/**
 * Its currency.
 */
currency: string | null, 
/**
 * In the base currency (none when unpriced or no rate).
 */
converted: string | null, };

/**
 * One side's lines behind a row, counted and summed.
 */
export type SideTotal = { 
/**
 * Finance or provider.
 */
side: Side, 
/**
 * Lines.
 */
lines: number, 
/**
 * Exact sum in the base currency (lines without an amount in it left out).
 */
amount: string, };

/**
 * The lines behind a row, with each side's count and total.
 */
export type DrillDown = { 
/**
 * The lines, finance's first (at most [`LINES_LISTED`]).
 */
lines: Array<DrillLine>, 
/**
 * Finance's side, then the provider side, over every line.
 */
totals: Array<SideTotal>, 
/**
 * Lines counted in the totals but not listed.
 */
more: number, };

/**
 * What the split is in proportion to.
 */
export type SplitBasis = "direct" | "tokens" | "requests" | "cost" | "fixed_percent" | "even";

/**
 * One part of a split.
 */
export type SplitPart = { 
/**
 * The service code (or other key).
 */
key: string, 
/**
 * Its weight: tokens, requests, cost, percent, or 1.
 */
weight: string, 
/**
 * Its share of the whole, percent, to two places (for reading only; the
 * amount comes from the exact weights).
 */
share_percent: string, 
/**
 * Its amount.
 */
amount: string, };

/**
 * A split as typed.
 */
export type SplitQuery = { 
/**
 * The month whose usage sets the proportions (`2026-10`).
 */
month: string, 
/**
 * `direct`, `tokens`, `requests`, `cost`, `fixed` or `even`.
 */
basis: string, 
/**
 * The amount to split; blank when a line is named.
 */
amount: string, 
/**
 * Its currency; blank = the base currency.
 */
currency: string, 
/**
 * A showback line (its id) whose amount is the pool: finance's shared line.
 */
line_id: string, 
/**
 * Service codes to split between, comma-separated; blank = every code
 * with usage that month.
 */
codes: string, 
/**
 * For `fixed`: `code=percent` pairs, comma-separated (`a=37,b=63`).
 */
percentages: string, };

/**
 * A split and what it was made from.
 */
export type SplitResult = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The pool.
 */
amount: string, 
/**
 * Its currency.
 */
currency: string, 
/**
 * The basis.
 */
basis: SplitBasis, 
/**
 * How the basis reads.
 */
basis_label: string, 
/**
 * Where the pool's amount came from.
 */
pool: string, 
/**
 * The parts; their amounts add up exactly to the pool.
 */
parts: Array<SplitPart>, 
/**
 * The parts' sum.
 */
total: string, 
/**
 * How the parts were rounded.
 */
rounding: string, 
/**
 * Things the reader should know.
 */
warnings: Array<string>, };

/**
 * What an anomaly is about.
 */
export type AnomalyScope = "service_code" | "api_key";

/**
 * A spike.
 */
export type Anomaly = { 
/**
 * Code or key.
 */
scope: AnomalyScope, 
/**
 * The code or key.
 */
key: string, 
/**
 * The day.
 */
date: string, 
/**
 * Spent that day.
 */
amount: string, 
/**
 * The baseline (median of the previous 28 days).
 */
baseline: string, 
/**
 * Amount minus baseline.
 */
excess: string, 
/**
 * Excess in spreads, one place.
 */
score: string, 
/**
 * What grew the most.
 */
driver: string | null, 
/**
 * The driver's excess over its own baseline.
 */
driver_excess: string | null, };

/**
 * Where to look, as typed.
 */
export type AnomalyQuery = { 
/**
 * The last day to judge (`YYYY-MM-DD`); blank = today.
 */
as_of: string, 
/**
 * Days to judge, ending on `as_of`; blank = 30.
 */
days: string, 
/**
 * The smallest excess worth reporting, in the base currency; blank = 10.
 */
min_excess: string, };

/**
 * The spikes found.
 */
export type AnomalyReport = { 
/**
 * First day judged.
 */
from: string, 
/**
 * Last day judged.
 */
through: string, 
/**
 * The base currency.
 */
currency: string, 
/**
 * Spikes, largest excess first.
 */
anomalies: Array<Anomaly>, 
/**
 * Things the reader should know.
 */
warnings: Array<string>, };

/**
 * One item of the checklist.
 */
export type ReadinessCheck = { 
/**
 * `attribution`, `history`, `stage`, `budget`, `alerts`.
 */
item: string, 
/**
 * Whether it passes.
 */
passed: boolean, 
/**
 * What was found, in words.
 */
detail: string, };

/**
 * A scope's checklist.
 */
export type Readiness = { 
/**
 * The department or code.
 */
scope: Scope, 
/**
 * Every check passes.
 */
ready: boolean, 
/**
 * The checks.
 */
checks: Array<ReadinessCheck>, };

/**
 * Where a hypothesis stands, as its owner records it.
 */
export type HypothesisStatus = "proposed" | "measuring" | "validated" | "at_risk" | "refuted" | "retired";

/**
 * What the owner decided at review.
 */
export type Decision = "continue" | "scale" | "optimise" | "stop";

/**
 * How the benefit is counted.
 */
export type BenefitMeasure = "cost_avoided" | "hours_saved";

/**
 * A value hypothesis.
 */
export type Hypothesis = { 
/**
 * Stable id.
 */
id: number, 
/**
 * The service code it is about.
 */
service_code: string, 
/**
 * The claim, in the owner's words.
 */
statement: string, 
/**
 * What one outcome is: `resolved case`, `processed invoice`.
 */
outcome_unit: string, 
/**
 * The currency of the per-outcome figures.
 */
currency: string, 
/**
 * Cost per outcome without AI.
 */
baseline_cost: string, 
/**
 * Target cost per outcome with AI (AI cost plus other costs).
 */
target_cost: string, 
/**
 * Costs per outcome that remain with AI besides the AI bill.
 */
other_cost: string, 
/**
 * Outcomes expected per month.
 */
expected_volume: number, 
/**
 * How the benefit is counted.
 */
benefit_measure: BenefitMeasure, 
/**
 * With hours saved: hours saved per outcome.
 */
hours_per_outcome: string | null, 
/**
 * Who owns the claim.
 */
owner: string, 
/**
 * First month measured (`YYYY-MM`).
 */
start_month: string, 
/**
 * When it is reviewed.
 */
review_date: string, 
/**
 * Where it stands.
 */
status: HypothesisStatus, 
/**
 * The decision at its latest review.
 */
decision: Decision | null, 
/**
 * Why.
 */
decision_reason: string | null, 
/**
 * When it was written down.
 */
created_at: string, 
/**
 * When it last changed.
 */
updated_at: string, };

/**
 * One month's measures.
 */
export type MonthMeasure = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Outcomes recorded.
 */
outcomes: number, 
/**
 * AI cost attributed to the code.
 */
ai_cost: string, 
/**
 * Its share of shared costs.
 */
shared_cost: string, 
/**
 * AI cost ÷ outcomes (none without outcomes).
 */
ai_cost_per_outcome: string | null, 
/**
 * (AI cost + shared cost) ÷ outcomes.
 */
fully_loaded_per_outcome: string | null, 
/**
 * Fully loaded AI cost per outcome + other costs per outcome: what the
 * target is compared with.
 */
total_per_outcome: string | null, 
/**
 * (Baseline − total per outcome) × outcomes.
 */
net_benefit: string | null, 
/**
 * With hours saved: hours per outcome × outcomes.
 */
hours_saved: string | null, 
/**
 * Whether the code's cost is on record for the month.
 */
cost_recorded: boolean, 
/**
 * Whether the month counts as evidence: enough outcomes and its cost on
 * record.
 */
counts: boolean, };

/**
 * The verdict on a hypothesis.
 */
export type VerdictKind = "insufficient_data" | "on_track" | "at_risk" | "validated" | "refuted";

/**
 * A verdict and why.
 */
export type Verdict = { 
/**
 * The verdict.
 */
kind: VerdictKind, 
/**
 * The reason, with the numbers.
 */
reason: string, };

/**
 * A hypothesis measured month by month.
 */
export type ValueReport = { 
/**
 * The hypothesis.
 */
hypothesis: Hypothesis, 
/**
 * Which cost side was used: `showback` or `provider`.
 */
cost_side: string, 
/**
 * Month by month from the start month.
 */
months: Array<MonthMeasure>, 
/**
 * Net benefit over the months that count.
 */
total_net_benefit: string, 
/**
 * The verdict.
 */
verdict: Verdict, };

/**
 * An outcome count as recorded, with where it came from.
 */
export type OutcomeRecord = { 
/**
 * The hypothesis.
 */
hypothesis_id: number, 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Outcomes in the month.
 */
outcomes: number, 
/**
 * `entered` or the file's name.
 */
source: string, 
/**
 * The file's SHA-256.
 */
source_sha256: string | null, 
/**
 * The sheet.
 */
source_sheet: string | null, 
/**
 * The row.
 */
source_row: number | null, 
/**
 * When.
 */
recorded_at: string, 
/**
 * Who.
 */
recorded_by: string, };

/**
 * A hypothesis as typed; every field is text. When editing, blank keeps the
 * current value.
 */
export type HypothesisInput = { 
/**
 * The service code.
 */
service_code: string, 
/**
 * The claim.
 */
statement: string, 
/**
 * One outcome: `resolved case`.
 */
outcome_unit: string, 
/**
 * Baseline cost per outcome without AI.
 */
baseline_cost: string, 
/**
 * Target cost per outcome with AI.
 */
target_cost: string, 
/**
 * Other costs per outcome with AI (blank = 0).
 */
other_cost: string, 
/**
 * Outcomes expected per month.
 */
expected_volume: string, 
/**
 * `cost-avoided` (default) or `hours-saved`.
 */
benefit_measure: string, 
/**
 * With hours saved: hours per outcome.
 */
hours_per_outcome: string, 
/**
 * The owner.
 */
owner: string, 
/**
 * First month measured (`2026-07`).
 */
start_month: string, 
/**
 * Review date (`YYYY-MM-DD`).
 */
review_date: string, 
/**
 * `proposed` (default), `measuring`, `validated`, `at-risk`, `refuted`, `retired`.
 */
status: string, 
/**
 * `continue`, `scale`, `optimise`, `stop`.
 */
decision: string, 
/**
 * Why.
 */
decision_reason: string, };

/**
 * What an outcome import did.
 */
export type OutcomesImported = { 
/**
 * The file.
 */
file: string, 
/**
 * Months recorded (new or changed).
 */
recorded: number, 
/**
 * Rows equal to what was held.
 */
unchanged: number, 
/**
 * The saved column mapping used, if any.
 */
mapping: string | null, };

/**
 * A hypothesis measured, with its chart, for the app.
 */
export type ValueView = { 
/**
 * The measures and verdict.
 */
report: ValueReport, 
/**
 * Cost per outcome by month against baseline and target (SVG).
 */
chart_svg: string, 
/**
 * The outcomes recorded, with where each came from.
 */
outcomes: Array<OutcomeRecord>, };

/**
 * A review falling due.
 */
export type ReviewDue = { 
/**
 * `service_code` or `hypothesis`.
 */
kind: string, 
/**
 * The code, or the hypothesis number and its code.
 */
subject: string, 
/**
 * The review date.
 */
review_date: string, 
/**
 * Days past the date (negative: days to go).
 */
days_overdue: number, };

/**
 * An experiment with no recent spend.
 */
export type IdleExperiment = { 
/**
 * The code.
 */
service_code: string, 
/**
 * The last day with spend, if any was ever recorded.
 */
last_spend: string | null, 
/**
 * Days since (none: never).
 */
idle_days: number | null, };

/**
 * One item of a promotion checklist.
 */
export type PromotionItem = { 
/**
 * What is needed.
 */
item: string, 
/**
 * Whether it is there.
 */
passed: boolean, 
/**
 * What was found.
 */
detail: string, };

/**
 * What a code needs for its next stage (or, in production, to stay there).
 */
export type Promotion = { 
/**
 * The code.
 */
service_code: string, 
/**
 * Its stage.
 */
stage: Stage, 
/**
 * The stage the checklist is for.
 */
for_stage: Stage, 
/**
 * Every item passes.
 */
ready: boolean, 
/**
 * The items.
 */
items: Array<PromotionItem>, };

/**
 * Where a use case sits: aggregate cost against cost per outcome.
 */
export type Quadrant = "re_architect_or_retire" | "unrecognised_value" | "optimise" | "efficient" | "unmeasured";

/**
 * One use case in the portfolio.
 */
export type PortfolioPoint = { 
/**
 * The code.
 */
service_code: string, 
/**
 * Its AI cost over the period (base currency).
 */
aggregate_cost: string, 
/**
 * Its latest total cost per outcome, when measured.
 */
cost_per_outcome: string | null, 
/**
 * Its baseline cost per outcome, when a hypothesis gives one.
 */
baseline: string | null, 
/**
 * Cost per outcome ÷ baseline, two places (1.00 = no saving).
 */
ratio_to_baseline: string | null, 
/**
 * Where it sits.
 */
quadrant: Quadrant, 
/**
 * Why, in words.
 */
note: string, };

/**
 * A hint drawn from a code's usage, with the numbers behind it.
 */
export type Hint = { 
/**
 * The code.
 */
service_code: string, 
/**
 * `premium_models`, `cache_reads` or `cost_per_request`.
 */
kind: string, 
/**
 * The hint, with its numbers.
 */
message: string, };

/**
 * What needs the owner's attention.
 */
export type Reviews = { 
/**
 * Today, as the engine's clock has it.
 */
as_of: string, 
/**
 * Reviews due within 30 days or overdue.
 */
due: Array<ReviewDue>, 
/**
 * Experiments with no spend for 60 days: candidates to retire.
 */
idle: Array<IdleExperiment>, 
/**
 * Each active code's stage-promotion checklist.
 */
promotions: Array<Promotion>, 
/**
 * Hints drawn from the last three closed months' usage.
 */
hints: Array<Hint>, };

/**
 * The value portfolio.
 */
export type Portfolio = { 
/**
 * The months the aggregate cost covers, e.g. `2026-08 to 2026-10`.
 */
period: string, 
/**
 * The base currency.
 */
currency: string, 
/**
 * One point per active code, largest aggregate cost first.
 */
points: Array<PortfolioPoint>, 
/**
 * The portfolio chart (SVG).
 */
chart_svg: string, };

/**
 * Why a charge is disputed.
 */
export type DisputeReason = "wrong_service_code" | "not_our_usage" | "duplicate" | "price_or_fx_error" | "shared_cost_share" | "other";

/**
 * Where a dispute stands.
 */
export type DisputeStatus = "open" | "sent" | "accepted" | "rejected" | "withdrawn";

/**
 * A dispute as stored.
 */
export type Dispute = { 
/**
 * Stable id.
 */
id: number, 
/**
 * The department disputing.
 */
department: string, 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The service code, when the dispute is about a code's variance.
 */
service_code: string | null, 
/**
 * Why.
 */
reason: DisputeReason, 
/**
 * The owner's explanation.
 */
explanation: string, 
/**
 * The adjustment asked for, in `currency` (negative = a credit to the department).
 */
requested_adjustment: string, 
/**
 * The base currency at the time.
 */
currency: string, 
/**
 * Where it stands.
 */
status: DisputeStatus, 
/**
 * The finance lines disputed.
 */
line_ids: Array<number>, 
/**
 * When recorded.
 */
created_at: string, 
/**
 * By whom.
 */
created_by: string, 
/**
 * Last change.
 */
updated_at: string, };

/**
 * Where an approval stands.
 */
export type ApprovalStatus = "recorded" | "signed" | "reopened";

/**
 * A month's approval for a department.
 */
export type Approval = { 
/**
 * Stable id.
 */
id: number, 
/**
 * The department.
 */
department: string, 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Who signs.
 */
signer_name: string, 
/**
 * Their role.
 */
signer_role: string, 
/**
 * The sign-off statement.
 */
statement: string, 
/**
 * Where it stands.
 */
status: ApprovalStatus, 
/**
 * The pack that signed it.
 */
pack_id: string | null, 
/**
 * When recorded.
 */
created_at: string, 
/**
 * When signed.
 */
signed_at: string | null, 
/**
 * When reopened, and why.
 */
reopened_at: string | null, 
/**
 * Why it was reopened.
 */
reopen_reason: string | null, };

/**
 * A dispute as typed.
 */
export type DisputeInput = { 
/**
 * The department (name or alias).
 */
department: string, 
/**
 * The month (`2026-10`).
 */
month: string, 
/**
 * Finance showback lines disputed (their ids); empty when disputing a
 * service code's reconciliation variance.
 */
line_ids: Array<number>, 
/**
 * The service code whose variance is disputed (when no lines are named).
 */
service_code: string, 
/**
 * `wrong_service_code`, `not_our_usage`, `duplicate`, `price_or_fx_error`,
 * `shared_cost_share` or `other`.
 */
reason: string, 
/**
 * What is wrong, in the owner's words.
 */
explanation: string, 
/**
 * The adjustment asked for in the base currency (negative = a credit);
 * blank = a credit of the whole disputed amount.
 */
requested_adjustment: string, 
/**
 * A split of a shared cost offered as evidence.
 */
split: SplitQuery | null, };

/**
 * An attribution rule and how many evidence lines it placed.
 */
export type RuleUse = { 
/**
 * The rule.
 */
rule: AttributionRule, 
/**
 * Evidence lines it placed.
 */
lines: number, };

/**
 * A dispute with its lines and evidence.
 */
export type DisputeDetail = { 
/**
 * The dispute.
 */
dispute: Dispute, 
/**
 * How the reason reads.
 */
reason_label: string, 
/**
 * The finance lines disputed (for a variance dispute: the code's finance lines).
 */
lines: Array<DrillLine>, 
/**
 * Their total in the base currency.
 */
disputed_total: string, 
/**
 * The provider lines of the codes concerned that month.
 */
provider_lines: Array<DrillLine>, 
/**
 * Their total in the base currency.
 */
provider_total: string, 
/**
 * The rules that placed them.
 */
rules: Array<RuleUse>, 
/**
 * The reconciliation rows of the codes concerned.
 */
reconciliation: Array<ReconcileRow>, 
/**
 * The split offered, if one.
 */
split: SplitResult | null, };

/**
 * An approval as typed.
 */
export type ApprovalInput = { 
/**
 * The department.
 */
department: string, 
/**
 * The month.
 */
month: string, 
/**
 * Who signs; blank = the owner's name from Settings.
 */
signer_name: string, 
/**
 * Their role; blank = the owner's role from Settings.
 */
signer_role: string, 
/**
 * The sign-off statement; blank = the standard statement.
 */
statement: string, };

/**
 * A reason choice, for the app's form.
 */
export type ReasonChoice = { 
/**
 * As typed.
 */
value: string, 
/**
 * As shown.
 */
label: string, };

/**
 * Which store a key is kept in.
 */
export type KeyStoreKind = "keychain" | "file";

/**
 * The signing key, as Settings shows it.
 */
export type SigningKeyInfo = { 
/**
 * `SHA256:…`, to register with finance.
 */
fingerprint: string, 
/**
 * OpenSSH public key line.
 */
public_key: string, 
/**
 * PEM SubjectPublicKeyInfo.
 */
public_pem: string, 
/**
 * The `allowed_signers` line for the owner.
 */
allowed_signers: string, 
/**
 * The identity packs name (`-I` for `ssh-keygen -Y verify`).
 */
principal: string, 
/**
 * Where the private key is kept.
 */
store: KeyStoreKind, 
/**
 * The key file, when the key is kept in a passphrase-protected file.
 */
file: string | null, 
/**
 * When it was made.
 */
created_at: string, 
/**
 * Keys retired by rotation (fingerprint and when).
 */
retired: Array<RetiredKey>, };

/**
 * A key no longer used for signing.
 */
export type RetiredKey = { 
/**
 * Its fingerprint.
 */
fingerprint: string, 
/**
 * Its public key.
 */
public_key: string, 
/**
 * When it was retired.
 */
retired_at: string, };

/**
 * A pack to export, as typed.
 */
export type PackRequest = { 
/**
 * `dispute` or `approval`.
 */
kind: string, 
/**
 * The department.
 */
department: string, 
/**
 * The month.
 */
month: string, 
/**
 * The key file's passphrase, when the key is kept in a file (never stored).
 */
passphrase: string, };

/**
 * What an export wrote.
 */
export type PackExported = { 
/**
 * The pack's id.
 */
pack_id: string, 
/**
 * Where it was written.
 */
path: string, 
/**
 * Its file name.
 */
file_name: string, 
/**
 * SHA-256 of the zip.
 */
sha256: string, 
/**
 * The files inside.
 */
files: Array<string>, 
/**
 * The signing key's fingerprint.
 */
signer_fingerprint: string, 
/**
 * Sequence number for the key.
 */
sequence: number, 
/**
 * The pack it supersedes.
 */
supersedes: string | null, 
/**
 * Whether unchanged content made this the same pack as before.
 */
unchanged: boolean, 
/**
 * Lines in the ledger.
 */
lines: number, 
/**
 * What the total is.
 */
headline: string, 
/**
 * The pack's headline figure, rounded.
 */
total: string, 
/**
 * The currency.
 */
currency: string, };

/**
 * An exported pack, as listed.
 */
export type PackRecord = { 
/**
 * The pack's id.
 */
pack_id: string, 
/**
 * `dispute` or `approval`.
 */
kind: string, 
/**
 * The department.
 */
department: string, 
/**
 * The month.
 */
month: string, 
/**
 * Sequence number for its key.
 */
sequence: number, 
/**
 * Its key.
 */
key_fingerprint: string, 
/**
 * What it superseded.
 */
supersedes: string | null, 
/**
 * Whether a later pack supersedes it.
 */
superseded: boolean, 
/**
 * When it was made.
 */
created_at: string, 
/**
 * Who signed.
 */
signer: string, 
/**
 * File name written.
 */
file_name: string, 
/**
 * SHA-256 of the zip.
 */
sha256: string, 
/**
 * Lines.
 */
lines: number, 
/**
 * Totals as in pack.json.
 */
totals: PackTotals, };

/**
 * How far an export has got.
 */
export type PackProgress = { 
/**
 * 0–1.
 */
fraction: number, 
/**
 * What it is doing.
 */
stage: string, };

/**
 * Approval or dispute.
 */
export type PackKind = "dispute" | "approval";

/**
 * Who signed.
 */
export type Signer = { 
/**
 * Name.
 */
name: string, 
/**
 * Role.
 */
role: string, 
/**
 * The identity in `allowed_signers` (`-I` for `ssh-keygen -Y verify`).
 */
principal: string, 
/**
 * SSH fingerprint of the key (`SHA256:…`).
 */
fingerprint: string, 
/**
 * The public key, OpenSSH form.
 */
public_key: string, };

/**
 * A source file the pack's lines came from.
 */
export type SourceFile = { 
/**
 * Import batch.
 */
import_batch: number, 
/**
 * File name.
 */
file_name: string, 
/**
 * SHA-256 of the file as imported.
 */
sha256: string, 
/**
 * Detected format.
 */
format: string, 
/**
 * When imported.
 */
imported_at: string, 
/**
 * Lines of this pack from it.
 */
lines: number, };

/**
 * A disputed item as the manifest states it.
 */
export type DisputeEntry = { 
/**
 * Runrate's dispute id.
 */
id: number, 
/**
 * Reason (`wrong_service_code`, …).
 */
reason: string, 
/**
 * How the reason reads.
 */
reason_label: string, 
/**
 * The owner's explanation.
 */
explanation: string, 
/**
 * The service code concerned, if one.
 */
service_code: string | null, 
/**
 * The finance lines disputed.
 */
line_ids: Array<number>, 
/**
 * Their total in the base currency.
 */
disputed_amount: string, 
/**
 * The adjustment asked for (negative = a credit).
 */
requested_adjustment: string, };

/**
 * The sign-off of an approval pack.
 */
export type ApprovalEntry = { 
/**
 * The statement signed.
 */
statement: string, 
/**
 * Finance's charge approved (base currency, exact).
 */
approved_amount: string, 
/**
 * Disputes still open for the month.
 */
open_disputes: Array<number>, };

/**
 * One service code's two sides, for the summary.
 */
export type CodeSummary = { 
/**
 * Service code, or `(unattributed)`.
 */
service_code: string, 
/**
 * What finance charged.
 */
finance: string, 
/**
 * What the provider exports show.
 */
provider: string, 
/**
 * Finance minus provider.
 */
variance: string, 
/**
 * Whether the variance is within tolerance.
 */
within_tolerance: boolean, };

/**
 * The month against budget, for the summary.
 */
export type ForecastSummary = { 
/**
 * The as-of date.
 */
as_of: string, 
/**
 * Spent to date.
 */
actual: string, 
/**
 * Month-end forecast.
 */
forecast: string, 
/**
 * The budget, if one.
 */
budget: string | null, 
/**
 * Status against budget.
 */
status: string, };

/**
 * A value hypothesis's verdict, for the summary.
 */
export type ValueSummary = { 
/**
 * Hypothesis id.
 */
id: number, 
/**
 * Its service code.
 */
service_code: string, 
/**
 * The hypothesis.
 */
statement: string, 
/**
 * The verdict.
 */
verdict: string, };

/**
 * The figure a pack is about, exact and rounded.
 */
export type Headline = { 
/**
 * What it is ("Finance charge approved", "Charges disputed").
 */
label: string, 
/**
 * The `ledger.csv` role it sums (`finance`, `disputed`).
 */
role: string, 
/**
 * The exact sum of that role's base amounts.
 */
amount: string, 
/**
 * Rounded to the minor unit by the rounding rule.
 */
rounded: string, };

/**
 * A total per role.
 */
export type LedgerRoleTotal = { 
/**
 * The role.
 */
role: string, 
/**
 * Lines.
 */
lines: number, 
/**
 * Exact sum in the base currency.
 */
amount_base: string, };

/**
 * A total per original currency.
 */
export type LedgerCurrencyTotal = { 
/**
 * ISO code.
 */
currency: string, 
/**
 * Lines.
 */
lines: number, 
/**
 * Exact sum in that currency.
 */
amount: string, };

/**
 * Counts and exact sums of a ledger.
 */
export type PackTotals = { 
/**
 * Lines.
 */
lines: number, 
/**
 * Sum of `amount_base`.
 */
amount_base: string, 
/**
 * Lines with no base amount (unpriced, or no FX rate).
 */
lines_without_base_amount: number, 
/**
 * Per role, by role name.
 */
by_role: Array<LedgerRoleTotal>, 
/**
 * Per original currency, by code.
 */
by_currency: Array<LedgerCurrencyTotal>, };

/**
 * `pack.json`.
 */
export type PackManifest = { 
/**
 * [`FORMAT`].
 */
format: string, 
/**
 * Approval or dispute.
 */
kind: PackKind, 
/**
 * The pack's id.
 */
pack_id: string, 
/**
 * Per signing key, 1, 2, 3…: finance keeps the highest it has seen.
 */
sequence: number, 
/**
 * The pack this one replaces.
 */
supersedes: string | null, 
/**
 * `YYYY-MM`.
 */
period: string, 
/**
 * The department.
 */
department: string, 
/**
 * The base currency.
 */
currency: string, 
/**
 * How presented amounts are rounded (`half_away_from_zero`, `half_even`);
 * `ledger.csv` and these totals are exact.
 */
rounding_rule: string, 
/**
 * Decimal places of the currency's minor unit.
 */
minor_unit_places: number, 
/**
 * Counts and exact sums of `ledger.csv`.
 */
totals: PackTotals, 
/**
 * The figure the pack is about: the finance charge approved, or the
 * charges disputed.
 */
headline: Headline, 
/**
 * Finance's side by service code against the provider side.
 */
by_service_code: Array<CodeSummary>, 
/**
 * The month against budget.
 */
forecast: ForecastSummary | null, 
/**
 * Value hypotheses of the department's codes.
 */
value: Array<ValueSummary>, 
/**
 * What is disputed (dispute packs).
 */
disputes: Array<DisputeEntry>, 
/**
 * What is approved (approval packs).
 */
approval: ApprovalEntry | null, 
/**
 * Where the lines came from.
 */
sources: Array<SourceFile>, 
/**
 * `Runrate`.
 */
app_name: string, 
/**
 * Runrate's version.
 */
app_version: string, 
/**
 * The last database migration applied.
 */
schema_version: string, 
/**
 * Who signed.
 */
signer: Signer, 
/**
 * When it was made (from the engine's clock, UTC).
 */
created_at: string, 
/**
 * Notes for the reader (amounts without a rate, unpriced lines).
 */
warnings: Array<string>, };

/**
 * One file of a pack, checked.
 */
export type CheckedFile = { 
/**
 * Its name.
 */
name: string, 
/**
 * Its size in bytes.
 */
size: number, 
/**
 * Whether its hash matched `SHA256SUMS` (signature files: whether they verified).
 */
ok: boolean, };

/**
 * A chart carried in a valid pack.
 */
export type PackChart = { 
/**
 * The file's name.
 */
name: string, 
/**
 * The SVG.
 */
svg: string, };

/**
 * The outcome of checking a pack.
 */
export type PackVerification = { 
/**
 * Files, hashes, signatures and totals all check out.
 */
valid: boolean, 
/**
 * …and the key is trusted.
 */
trusted: boolean, 
/**
 * One sentence: what the reader should conclude.
 */
verdict: string, 
/**
 * Every problem found.
 */
problems: Array<string>, 
/**
 * The signer's key fingerprint, when it could be read.
 */
signer_fingerprint: string | null, 
/**
 * How trust was established.
 */
trusted_by: string | null, 
/**
 * The manifest, when the pack is valid.
 */
manifest: PackManifest | null, 
/**
 * The files found.
 */
files: Array<CheckedFile>, 
/**
 * The SVG charts, when the pack is valid.
 */
charts: Array<PackChart>, };
