//! Reading provider exports and finance workbooks into spend lines.
//!
//! Parsing is pure: a file's rows go in, and for each row comes out a line, a
//! skip with its reason, or a rejection naming sheet, row, column and value.
//! Storing, de-duplicating and attributing happen in `api::imports`.

mod columns;
mod providers;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use columns::Columns;

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
}

impl Format {
    /// Every format, in detection order.
    pub const ALL: [Format; 5] = [
        Format::OpenaiCostCsv,
        Format::OpenaiUsageCsv,
        Format::AnthropicCostCsv,
        Format::AnthropicUsageCsv,
        Format::Focus,
    ];

    /// The stable identifier (`openai-cost-csv`, …) used by `--format`.
    pub fn id(self) -> &'static str {
        match self {
            Format::OpenaiCostCsv => "openai-cost-csv",
            Format::OpenaiUsageCsv => "openai-usage-csv",
            Format::AnthropicCostCsv => "anthropic-cost-csv",
            Format::AnthropicUsageCsv => "anthropic-usage-csv",
            Format::Focus => "focus",
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
        }
    }

    /// Parses an identifier given with `--format`.
    pub fn parse(text: &str) -> Option<Format> {
        let wanted = text.trim().to_ascii_lowercase().replace('_', "-");
        Format::ALL.into_iter().find(|f| f.id() == wanted)
    }

    /// Whether lines from this format are finance's showback or provider evidence.
    pub fn source_kind(self) -> SourceKind {
        SourceKind::Provider
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
        }
    }

    /// Whether a header row carries this format's signature columns.
    pub fn matches(self, columns: &Columns) -> bool {
        self.signature().iter().all(|c| columns.has(c))
    }

    /// The format whose signature the header row carries.
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
    /// Input tokens written to cache.
    pub cache_write_tokens: Option<i64>,
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
    /// The parts that identify this line across overlapping exports.
    pub key_parts: Vec<String>,
    /// The row's cells by header, as they were in the file.
    pub raw: BTreeMap<String, String>,
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
    /// Sheets read.
    pub sheets: Vec<String>,
    /// Rows read, header and blank rows included.
    pub rows_read: u64,
    /// Lines, in file order.
    pub lines: Vec<LineDraft>,
    /// Rows skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Rejected rows and other issues.
    pub issues: Vec<ImportIssue>,
}

impl ParsedFile {
    /// Rows rejected.
    pub fn rejected(&self) -> u64 {
        self.issues
            .iter()
            .filter(|i| i.severity == IssueSeverity::Error && i.row.is_some())
            .count() as u64
    }

    fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }
}

/// Reads rows into a [`ParsedFile`], finding the header row first.
pub struct FileParser {
    forced: Option<Format>,
    sheet: String,
    /// The current sheet's format and header, once its header row is found.
    header: Option<(Format, Columns)>,
    /// The result so far.
    pub parsed: ParsedFile,
}

impl FileParser {
    /// A parser that detects the format, or uses `forced`.
    pub fn new(forced: Option<Format>) -> FileParser {
        FileParser {
            forced,
            sheet: String::new(),
            header: None,
            parsed: ParsedFile::default(),
        }
    }
}

/// Rows a header may be preceded by before the file is called unrecognised.
const HEADER_SEARCH_ROWS: u64 = 30;

impl Visitor for FileParser {
    fn sheet(&mut self, info: &SheetInfo) -> crate::error::Result<Visit> {
        if self.parsed.format.is_some() {
            // Provider exports are single-table; later sheets are not read.
            self.parsed.issues.push(ImportIssue {
                severity: IssueSeverity::Info,
                sheet: info.name.clone(),
                row: None,
                column: None,
                value: None,
                message: format!(
                    "Sheet '{}' was not read: the export's table is on an earlier sheet",
                    info.name
                ),
            });
            return Ok(Visit::Skip);
        }
        self.sheet = info.name.clone();
        self.header = None;
        self.parsed.sheets.push(info.name.clone());
        Ok(Visit::Read)
    }

    fn row(&mut self, row: Row) -> crate::error::Result<()> {
        self.parsed.rows_read += 1;
        if row.is_blank() {
            self.parsed.skip("blank row");
            return Ok(());
        }
        let Some((format, columns)) = &self.header else {
            let candidate = Columns::from_row(&row);
            let format = match self.forced {
                Some(forced) => forced.matches(&candidate).then_some(forced),
                None => Format::detect(&candidate),
            };
            match format {
                Some(format) => {
                    self.parsed.format = Some(format);
                    self.header = Some((format, candidate));
                    self.parsed.skip("header row");
                }
                None if self.parsed.rows_read <= HEADER_SEARCH_ROWS => {
                    self.parsed.skip("title or preamble row")
                }
                None => self.parsed.skip("no header row found above it"),
            }
            return Ok(());
        };
        match format.parse_row(columns, &self.sheet, &row) {
            RowOutcome::Line(line) => self.parsed.lines.push(*line),
            RowOutcome::Skip(reason) => self.parsed.skip(reason),
            RowOutcome::Reject(issue) => self.parsed.issues.push(issue),
        }
        Ok(())
    }
}
