// Generated from the Rust engine by `runrate::api::bindings`. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test --test engine bindings` after changing a type.

/**
 * A stable classification of errors, for the UI and for exit codes.
 */
export type Code = "invalid" | "not_found" | "unrecognised_layout" | "conflict" | "verification_failed" | "io" | "storage" | "internal";

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
