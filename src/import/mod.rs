//! Reading provider exports and finance workbooks into spend lines.
//!
//! Parsing is pure: a file's rows go in, and for each row comes out a line, a
//! skip with its reason, or a rejection naming sheet, row, column and value.
//! Storing, de-duplicating and attributing happen in `api::imports`.

pub mod columns;
pub mod json;
pub mod period;
mod providers;
pub mod table;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use columns::Columns;
pub use table::{Field, Mapping};

use table::{Layout, Preamble, TableSheet};

use crate::model::provider::Provider;
use crate::money::Currency;
use crate::sheet::{Row, SheetInfo, Visit, Visitor};

/// A file format Runrate recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// OpenAI dashboard cost export (`cost_<from>_<to>.csv`).
    OpenaiCostCsv,
    /// OpenAI dashboard completions/embeddings activity export.
    OpenaiUsageCsv,
    /// Claude Console cost CSV.
    AnthropicCostCsv,
    /// Claude Console usage CSV.
    AnthropicUsageCsv,
    /// FOCUS 1.0–1.2 cost and usage CSV.
    Focus,
    /// OpenAI Costs API page (JSON).
    OpenaiCostJson,
    /// OpenAI Usage API page (JSON), completions or embeddings.
    OpenaiUsageJson,
    /// Anthropic Cost Report page (JSON; amounts in cents).
    AnthropicCostJson,
    /// Anthropic Messages Usage Report page (JSON).
    AnthropicUsageJson,
    /// LiteLLM spend logs (one row per request).
    LitellmSpendLogs,
    /// LiteLLM admin UI spend export (daily, per team or tag).
    LitellmSpendReport,
    /// A finance showback workbook, recognised by its column names.
    Showback,
    /// A table read through a saved column mapping.
    Mapped,
}

impl Format {
    /// Every format, in detection order.
    pub const ALL: [Format; 13] = [
        // JSON pages first: their rows also carry the CSV exports' columns.
        Format::OpenaiCostJson,
        Format::OpenaiUsageJson,
        Format::AnthropicCostJson,
        Format::AnthropicUsageJson,
        Format::LitellmSpendLogs,
        Format::LitellmSpendReport,
        Format::OpenaiCostCsv,
        Format::OpenaiUsageCsv,
        Format::AnthropicCostCsv,
        Format::AnthropicUsageCsv,
        Format::Focus,
        Format::Showback,
        Format::Mapped,
    ];

    /// Whether the format is a table without a fixed layout.
    pub fn is_table(self) -> bool {
        matches!(self, Format::Showback | Format::Mapped)
    }

    /// The stable identifier (`openai-cost-csv`, …) used by `--format`.
    pub fn id(self) -> &'static str {
        match self {
            Format::OpenaiCostCsv => "openai-cost-csv",
            Format::OpenaiUsageCsv => "openai-usage-csv",
            Format::AnthropicCostCsv => "anthropic-cost-csv",
            Format::AnthropicUsageCsv => "anthropic-usage-csv",
            Format::Focus => "focus",
            Format::OpenaiCostJson => "openai-cost-json",
            Format::OpenaiUsageJson => "openai-usage-json",
            Format::AnthropicCostJson => "anthropic-cost-json",
            Format::AnthropicUsageJson => "anthropic-usage-json",
            Format::LitellmSpendLogs => "litellm-spend-logs",
            Format::LitellmSpendReport => "litellm-spend-report",
            Format::Showback => "showback",
            Format::Mapped => "mapped",
        }
    }

    /// How the format is named to people.
    pub fn label(self) -> &'static str {
        match self {
            Format::OpenaiCostCsv => "OpenAI cost export (CSV)",
            Format::OpenaiUsageCsv => "OpenAI usage export (CSV)",
            Format::AnthropicCostCsv => "Claude Console cost export (CSV)",
            Format::AnthropicUsageCsv => "Claude Console usage export (CSV)",
            Format::Focus => "FOCUS cost and usage file",
            Format::OpenaiCostJson => "OpenAI Costs API page (JSON)",
            Format::OpenaiUsageJson => "OpenAI Usage API page (JSON)",
            Format::AnthropicCostJson => "Anthropic Cost Report (JSON)",
            Format::AnthropicUsageJson => "Anthropic Usage Report (JSON)",
            Format::LitellmSpendLogs => "LiteLLM spend logs (CSV)",
            Format::LitellmSpendReport => "LiteLLM spend export (CSV)",
            Format::Showback => "Finance showback workbook",
            Format::Mapped => "Table read through a saved mapping",
        }
    }

    /// Parses an identifier given with `--format`.
    pub fn parse(text: &str) -> Option<Format> {
        let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
        Format::ALL.into_iter().find(|f| f.id() == wanted)
    }

    /// Whether lines from this format are finance's showback or provider evidence.
    pub fn source_kind(self) -> SourceKind {
        match self {
            Format::Showback => SourceKind::Showback,
            _ => SourceKind::Provider,
        }
    }

    /// The columns that identify the format; all must be present.
    fn signature(self) -> &'static [&'static str] {
        match self {
            Format::OpenaiCostCsv => {
                &["start_time", "amount_value", "amount_currency", "line_item"]
            }
            Format::OpenaiUsageCsv => {
                &["start_time", "num_model_requests", "input_tokens", "model"]
            }
            Format::AnthropicCostCsv => &["usage_date_utc", "model", "token_type", "cost_usd"],
            Format::AnthropicUsageCsv => {
                &["usage_date_utc", "model_version", "usage_output_tokens"]
            }
            Format::Focus => &[
                "billedcost",
                "billingcurrency",
                "chargeperiodstart",
                "chargecategory",
            ],
            Format::OpenaiCostJson => &[
                json::PAGE_MARKER,
                "start_time",
                "amount_value",
                "amount_currency",
            ],
            Format::OpenaiUsageJson => &[
                json::PAGE_MARKER,
                "start_time",
                "num_model_requests",
                "input_tokens",
            ],
            Format::AnthropicCostJson => &[json::PAGE_MARKER, "starting_at", "amount", "currency"],
            Format::AnthropicUsageJson => &[
                json::PAGE_MARKER,
                "starting_at",
                "uncached_input_tokens",
                "output_tokens",
            ],
            Format::LitellmSpendLogs => &["request_id", "spend", "starttime", "model"],
            Format::LitellmSpendReport => &["date", "spend ($)", "requests"],
            // Tables are recognised by synonyms or mappings, not a signature.
            Format::Showback | Format::Mapped => &[],
        }
    }

    /// Whether a header row carries this format's signature columns.
    pub fn matches(self, columns: &Columns) -> bool {
        !self.is_table() && self.signature().iter().all(|c| columns.has(c))
    }

    /// The version of the format the header row shows, where versions differ
    /// in their columns: FOCUS 1.0 has 43, 1.1 adds seven (ServiceSubcategory,
    /// SkuMeter…), 1.2 seven more (InvoiceId, PricingCurrency…), 1.3 the
    /// allocation columns (AllocatedMethodId, ContractApplied…).
    pub fn version(self, columns: &Columns) -> Option<&'static str> {
        if self != Format::Focus {
            return None;
        }
        let any = |names: &[&str]| names.iter().any(|n| columns.has(n));
        Some(
            if any(&[
                "allocatedmethodid",
                "contractapplied",
                "serviceprovidername",
            ]) {
                "1.3"
            } else if any(&[
                "invoiceid",
                "pricingcurrency",
                "billingaccounttype",
                "subaccounttype",
            ]) {
                "1.2"
            } else if any(&[
                "servicesubcategory",
                "skumeter",
                "capacityreservationid",
                "skupricedetails",
            ]) {
                "1.1"
            } else {
                "1.0"
            },
        )
    }

    /// The provider format whose signature the header row carries.
    pub fn detect(columns: &Columns) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.matches(columns))
    }

    /// Reads one data row.
    fn parse_row(self, columns: &Columns, sheet: &str, row: &Row) -> RowOutcome {
        providers::parse_row(self, columns, sheet, row)
    }
}

/// Where a line's figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Finance's showback or chargeback workbook: what the department is charged.
    Showback,
    /// A provider's export: evidence of what was used and what it cost.
    Provider,
}

impl SourceKind {
    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            SourceKind::Showback => "showback",
            SourceKind::Provider => "provider",
        }
    }
}

/// What an amount represents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CostBasis {
    /// What was (or will be) invoiced, after discounts.
    Billed,
    /// At public list price.
    List,
    /// Computed by Runrate from usage and the price book.
    Computed,
    /// Usage with no amount yet: the model is not in the price book.
    Unpriced,
}

impl CostBasis {
    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            CostBasis::Billed => "billed",
            CostBasis::List => "list",
            CostBasis::Computed => "computed",
            CostBasis::Unpriced => "unpriced",
        }
    }
}

/// What kind of charge a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChargeCategory {
    /// Pay-as-you-go usage.
    Usage,
    /// A commitment or purchase (provisioned throughput, reserved capacity).
    Commitment,
    /// A credit (negative).
    Credit,
    /// Tax.
    Tax,
    /// A correction or other adjustment.
    Adjustment,
}

impl ChargeCategory {
    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            ChargeCategory::Usage => "usage",
            ChargeCategory::Commitment => "commitment",
            ChargeCategory::Credit => "credit",
            ChargeCategory::Tax => "tax",
            ChargeCategory::Adjustment => "adjustment",
        }
    }
}

/// One spend line read from a file, before attribution and storage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineDraft {
    /// Sheet (for CSV, the file name).
    pub sheet: String,
    /// Row or line number as the person sees it.
    pub row: u32,
    /// First day covered.
    pub period_start: Option<NaiveDate>,
    /// First day after the period (exclusive).
    pub period_end: Option<NaiveDate>,
    /// Provider.
    pub provider: Option<Provider>,
    /// Model id as exported.
    pub model: Option<String>,
    /// Line item, token type or charge description.
    pub line_item: Option<String>,
    /// API key id.
    pub api_key_id: Option<String>,
    /// API key name.
    pub api_key_name: Option<String>,
    /// OpenAI project id, or a FOCUS sub-account id.
    pub project_id: Option<String>,
    /// Project or sub-account name.
    pub project_name: Option<String>,
    /// Anthropic workspace id.
    pub workspace_id: Option<String>,
    /// Anthropic workspace name.
    pub workspace_name: Option<String>,
    /// Billing tags.
    pub tags: Vec<(String, String)>,
    /// Finance's workload or service code.
    pub workload_code: Option<String>,
    /// Department as written in the file.
    pub department_label: Option<String>,
    /// Cost centre as written in the file.
    pub cost_centre: Option<String>,
    /// Environment as written in the file.
    pub environment: Option<String>,
    /// Input tokens not read from cache.
    pub input_tokens: Option<i64>,
    /// Input tokens read from cache.
    pub cached_input_tokens: Option<i64>,
    /// Input tokens written to cache (five-minute or unspecified lifetime).
    pub cache_write_tokens: Option<i64>,
    /// Input tokens written to Anthropic's one-hour cache.
    pub cache_write_1h_tokens: Option<i64>,
    /// Output tokens.
    pub output_tokens: Option<i64>,
    /// Requests.
    pub requests: Option<i64>,
    /// The amount, exact (None = unpriced).
    pub amount: Option<Decimal>,
    /// The amount's currency.
    pub currency: Option<Currency>,
    /// What the amount represents.
    pub cost_basis: Option<CostBasis>,
    /// The kind of charge.
    pub charge_category: Option<ChargeCategory>,
    /// The price-book entry a computed amount came from.
    pub price_id: Option<i64>,
    /// The parts that identify this line across overlapping exports.
    pub key_parts: Vec<String>,
    /// The row's cells by header, as they were in the file: a JSON object
    /// (see [`Columns::raw_json`]), made while the file is read.
    pub raw: String,
}

impl LineDraft {
    /// The natural key: the same charge in two overlapping exports has the same key.
    pub fn natural_key(&self, format: Format) -> String {
        let mut key = String::from(format.id());
        for part in &self.key_parts {
            key.push('\u{1f}');
            key.push_str(&part.trim().to_lowercase());
        }
        key
    }
}

/// A problem with one row, cell or sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportIssue {
    /// `error` rejects the row; `warning` and `info` do not.
    pub severity: IssueSeverity,
    /// The sheet (for CSV, the file name).
    pub sheet: String,
    /// The row or line number.
    pub row: Option<u32>,
    /// The column's header.
    pub column: Option<String>,
    /// The cell's value as written.
    pub value: Option<String>,
    /// What is wrong, in words that name the place.
    pub message: String,
}

/// How serious an import issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IssueSeverity {
    /// The row is rejected.
    Error,
    /// Imported, but worth a look.
    Warning,
    /// For information.
    Info,
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// It is a spend line.
    Line(Box<LineDraft>),
    /// It carries no spend; the reason is counted.
    Skip(&'static str),
    /// It cannot be read.
    Reject(ImportIssue),
}

/// A parsed file: every row accounted for.
#[derive(Debug, Clone, Default)]
pub struct ParsedFile {
    /// The format detected (or forced).
    pub format: Option<Format>,
    /// The format's version, where the header row shows it.
    pub format_version: Option<String>,
    /// The saved mapping used, if any.
    pub mapping: Option<String>,
    /// For tables: whether they hold showback or provider evidence.
    pub source_kind: Option<SourceKind>,
    /// Sheets read.
    pub sheets: Vec<String>,
    /// Sheets not imported (summaries, pivots, sheets without a table).
    pub sheets_skipped: Vec<String>,
    /// Rows read, header and blank rows included.
    pub rows_read: u64,
    /// Lines, in file order.
    pub lines: Vec<LineDraft>,
    /// Rows skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Rejected rows and other issues (the first [`MAX_ISSUES`]).
    pub issues: Vec<ImportIssue>,
    /// Issues beyond [`MAX_ISSUES`], counted but not kept.
    pub issues_not_listed: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
}

/// Issues kept with an import; a file where every row is wrong says so in
/// its counts without holding a message per row.
pub const MAX_ISSUES: usize = 1_000;

impl ParsedFile {
    /// Rows rejected.
    pub fn rejected(&self) -> u64 {
        self.rows_rejected
    }

    /// Keeps an issue, or counts it once the list is full.
    pub fn note(&mut self, issue: ImportIssue) {
        if issue.severity == IssueSeverity::Error && issue.row.is_some() {
            self.rows_rejected += 1;
        }
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(issue);
        } else {
            self.issues_not_listed += 1;
        }
    }

    /// Whether the lines are showback or provider evidence.
    pub fn source(&self) -> SourceKind {
        self.source_kind
            .or(self.format.map(Format::source_kind))
            .unwrap_or(SourceKind::Provider)
    }

    fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }
}

/// What the parser needs to know beyond the file.
#[derive(Debug, Clone)]
pub struct ParseContext {
    /// A format chosen with `--format` instead of detecting it.
    pub forced: Option<Format>,
    /// A mapping chosen with `--mapping`.
    pub mapping: Option<Mapping>,
    /// Saved mappings, used when a header row matches one exactly.
    pub saved: Vec<Mapping>,
    /// Currency of showback amounts that name none anywhere.
    pub base_currency: Currency,
    /// First month of the fiscal year, for labels such as `FY27 P06`.
    pub fiscal_start: u32,
}

impl Default for ParseContext {
    fn default() -> Self {
        ParseContext {
            forced: None,
            mapping: None,
            saved: Vec::new(),
            base_currency: Currency::GBP,
            fiscal_start: 1,
        }
    }
}

/// Where the parser is within the current sheet.
#[derive(Debug)]
enum SheetState {
    /// Looking for the header row; title rows so far.
    Searching(Preamble),
    /// Reading a provider export.
    Provider(Format, Columns),
    /// Reading a table (showback or mapped).
    Table(Box<TableSheet>),
}

/// Called with the number of rows read so far, every [`PROGRESS_EVERY`] rows.
pub type RowProgress = std::sync::Arc<dyn Fn(u64) + Send + Sync>;

/// How often a parser reports progress, in rows.
pub const PROGRESS_EVERY: u64 = 2_000;

/// Lines handed over while the file is still being read, so that a large file
/// is saved as it is parsed instead of being held in memory whole.
#[derive(Debug)]
pub struct LineChunk {
    /// The format the lines were read as.
    pub format: Format,
    /// Showback or provider evidence.
    pub source: SourceKind,
    /// The lines, in file order.
    pub lines: Vec<LineDraft>,
}

/// Where a parser hands over chunks of lines.
pub type LineSink = tokio::sync::mpsc::Sender<LineChunk>;

/// Lines per chunk handed to a [`LineSink`].
pub const LINES_PER_CHUNK: usize = 2_000;

/// Reads rows into a [`ParsedFile`], finding each sheet's header row first.
pub struct FileParser {
    context: ParseContext,
    progress: Option<RowProgress>,
    sink: Option<LineSink>,
    sheet: String,
    sheet_count: usize,
    date_1904: bool,
    sheet_rows: u64,
    state: SheetState,
    /// The result so far.
    pub parsed: ParsedFile,
}

impl FileParser {
    /// A parser that detects the format, or uses the one the context forces.
    pub fn new(context: ParseContext) -> FileParser {
        FileParser {
            context,
            progress: None,
            sink: None,
            sheet: String::new(),
            sheet_count: 1,
            date_1904: false,
            sheet_rows: 0,
            state: SheetState::Searching(Preamble::default()),
            parsed: ParsedFile::default(),
        }
    }

    /// Reports rows read as the file is parsed.
    pub fn with_progress(mut self, progress: RowProgress) -> FileParser {
        self.progress = Some(progress);
        self
    }

    /// Hands lines over in chunks as they are read; the lines of the last
    /// partial chunk stay in [`ParsedFile::lines`]. Must be used from a thread
    /// that may block (the sink waits while the receiver is busy).
    pub fn with_sink(mut self, sink: LineSink) -> FileParser {
        self.sink = Some(sink);
        self
    }

    /// Sends the lines read so far to the sink, if there is one.
    fn hand_over(&mut self) -> crate::error::Result<()> {
        let (Some(sink), Some(format)) = (&self.sink, self.parsed.format) else {
            return Ok(());
        };
        let chunk = LineChunk {
            format,
            source: self.parsed.source(),
            lines: std::mem::take(&mut self.parsed.lines),
        };
        sink.blocking_send(chunk).map_err(|_| {
            crate::error::Error::internal("the import stopped while the file was read")
        })
    }

    fn info(&mut self, sheet: &str, message: String) {
        self.parsed.note(ImportIssue {
            severity: IssueSeverity::Info,
            sheet: sheet.to_string(),
            row: None,
            column: None,
            value: None,
            message,
        });
    }

    /// Tries to read `row` as a header row; returns the state it starts.
    fn header(&self, row: &Row, preamble: &Preamble) -> Option<SheetState> {
        let candidate = Columns::from_row(row);
        let table = |layout: Layout| {
            SheetState::Table(Box::new(TableSheet::new(
                layout,
                &self.sheet,
                self.sheet_count > 1,
                self.date_1904,
                self.context.fiscal_start,
                preamble.clone(),
                self.context.base_currency,
            )))
        };
        if let Some(mapping) = &self.context.mapping {
            return mapping
                .fits(&candidate)
                .then(|| table(table::layout_from_mapping(mapping, &candidate)));
        }
        let table_only = matches!(self.parsed.format, Some(Format::Showback | Format::Mapped));
        match self.context.forced {
            Some(Format::Showback) => {
                return table::recognise_showback(&candidate).map(table);
            }
            Some(forced) => {
                return forced
                    .matches(&candidate)
                    .then_some(SheetState::Provider(forced, candidate));
            }
            None => {}
        }
        if !table_only && let Some(format) = Format::detect(&candidate) {
            return Some(SheetState::Provider(format, candidate));
        }
        if let Some(mapping) = self.context.saved.iter().find(|m| m.recognises(&candidate)) {
            return Some(table(table::layout_from_mapping(mapping, &candidate)));
        }
        table::recognise_showback(&candidate).map(table)
    }
}

/// Rows a header may be preceded by before the sheet is called unrecognised.
const HEADER_SEARCH_ROWS: u64 = 30;

impl Visitor for FileParser {
    fn sheet(&mut self, info: &SheetInfo) -> crate::error::Result<Visit> {
        if self.parsed.format.is_some_and(|f| !f.is_table()) {
            // Provider exports are single-table; later sheets are not read.
            self.info(
                &info.name,
                format!(
                    "Sheet '{}' was not read: the export's table is on an earlier sheet",
                    info.name
                ),
            );
            return Ok(Visit::Skip);
        }
        if info.count > 1 && table::is_summary_sheet(&info.name) {
            self.parsed.sheets_skipped.push(info.name.clone());
            self.info(
                &info.name,
                format!(
                    "Sheet '{}' is a summary, pivot or notes sheet (by its name) and was not imported",
                    info.name
                ),
            );
            return Ok(Visit::Skip);
        }
        self.sheet = info.name.clone();
        self.sheet_count = info.count;
        self.date_1904 = info.date_1904;
        self.sheet_rows = 0;
        self.state = SheetState::Searching(Preamble::default());
        self.parsed.sheets.push(info.name.clone());
        Ok(Visit::Read)
    }

    fn row(&mut self, row: Row) -> crate::error::Result<()> {
        // Row 0 is a header Runrate made for a JSON page: not a row of the file.
        if row.number > 0 {
            self.parsed.rows_read += 1;
            if self.parsed.rows_read.is_multiple_of(PROGRESS_EVERY)
                && let Some(progress) = &self.progress
            {
                progress(self.parsed.rows_read);
            }
        }
        self.sheet_rows += 1;
        if row.is_blank() {
            self.parsed.skip("blank row");
            return Ok(());
        }
        let outcome = match &mut self.state {
            SheetState::Searching(preamble) => {
                let preamble = preamble.clone();
                match self.header(&row, &preamble) {
                    Some(state) => {
                        let format = match &state {
                            SheetState::Provider(format, _) => *format,
                            SheetState::Table(t) if t.layout.mapping.is_some() => Format::Mapped,
                            _ => Format::Showback,
                        };
                        if let SheetState::Provider(format, columns) = &state {
                            self.parsed.format_version =
                                format.version(columns).map(str::to_string);
                        }
                        if let SheetState::Table(t) = &state {
                            self.parsed.mapping =
                                self.parsed.mapping.take().or(t.layout.mapping.clone());
                            self.parsed.source_kind = Some(t.layout.source);
                        }
                        self.parsed.format.get_or_insert(format);
                        self.state = state;
                        if row.number > 0 {
                            self.parsed.skip("header row");
                        }
                    }
                    None if self.sheet_rows <= HEADER_SEARCH_ROWS => {
                        if let SheetState::Searching(p) = &mut self.state {
                            p.read(&row, self.context.fiscal_start);
                        }
                        self.parsed.skip("title or preamble row")
                    }
                    None => self.parsed.skip("no header row found above it"),
                }
                return Ok(());
            }
            SheetState::Provider(format, columns) => {
                (format.parse_row(columns, &self.sheet, &row), None)
            }
            SheetState::Table(table) => table.row(&row),
        };
        match outcome {
            (RowOutcome::Line(line), _) => {
                self.parsed.lines.push(*line);
                if self.parsed.lines.len() >= LINES_PER_CHUNK {
                    self.hand_over()?;
                }
            }
            (RowOutcome::Skip(reason), issue) => {
                self.parsed.skip(reason);
                if let Some(issue) = issue {
                    self.parsed.note(issue);
                }
            }
            (RowOutcome::Reject(issue), _) => self.parsed.note(issue),
        }
        Ok(())
    }

    fn end_sheet(&mut self) -> crate::error::Result<()> {
        let sheet = self.sheet.clone();
        match std::mem::replace(&mut self.state, SheetState::Searching(Preamble::default())) {
            SheetState::Table(table) => {
                for (column, n) in &table.filled {
                    self.info(
                        &sheet,
                        format!(
                            "Sheet '{sheet}': {n} blank cell(s) in column '{column}' were filled \
                             from the row above, as under a merged cell"
                        ),
                    );
                }
                if let Some(department) = table.department_from_sheet() {
                    self.info(
                        &sheet,
                        format!(
                            "Sheet '{sheet}' has no department column; its lines are given \
                             the department '{department}' from the sheet's name"
                        ),
                    );
                }
                if table.used_base_currency {
                    self.parsed.note(ImportIssue {
                        severity: IssueSeverity::Warning,
                        sheet: sheet.clone(),
                        row: None,
                        column: None,
                        value: None,
                        message: format!(
                            "Sheet '{sheet}' names no currency for some amounts; they were read \
                             as {}, the base currency",
                            self.context.base_currency.code()
                        ),
                    });
                }
            }
            SheetState::Searching(_) if self.parsed.format.is_some() && self.sheet_rows > 0 => {
                self.parsed.sheets_skipped.push(sheet.clone());
                let rows = self.sheet_rows;
                self.info(
                    &sheet,
                    format!(
                        "Sheet '{sheet}' has no table Runrate recognises; its {rows} row(s) \
                         were skipped"
                    ),
                );
            }
            _ => {}
        }
        Ok(())
    }
}
