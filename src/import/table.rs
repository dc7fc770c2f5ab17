//! Tables without a fixed layout: finance's showback workbooks, and any CSV read
//! through a saved column mapping.
//!
//! A header row is recognised by the names of its columns (with the synonyms
//! finance uses) or by a saved [`Mapping`]. Below it, each row is a spend line,
//! a total that is checked against the lines it closes, or a row skipped with
//! its reason. Group cells left blank under a merged cell are filled down.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::columns::{read_number, to_count};
use super::period::{Month, month_from_cell, month_in_text};
use super::{
    ChargeCategory, Columns, CostBasis, ImportIssue, IssueSeverity, LineDraft, RowOutcome,
    SourceKind,
};
use crate::model::provider::Provider;
use crate::money::{Currency, quantize_for_storage};
use crate::sheet::{Cell, Row};

/// What a column of a table means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The month charged (`Sep-26`, `2026-09`, a date in the month).
    Period,
    /// The day of usage (provider-style tables).
    Date,
    /// Department or business unit.
    Department,
    /// Cost centre (code and/or name).
    CostCentre,
    /// Finance's service or workload code.
    ServiceCode,
    /// Provider or vendor.
    Provider,
    /// Model.
    Model,
    /// Environment (prod, non-prod).
    Environment,
    /// The amount charged.
    Amount,
    /// The amount's currency.
    Currency,
    /// How the amount was allocated (direct, proportional, even split).
    AllocationMethod,
    /// Quantity or units.
    Quantity,
    /// API key id.
    ApiKeyId,
    /// API key name.
    ApiKeyName,
    /// Project.
    Project,
    /// Workspace.
    Workspace,
    /// Input tokens.
    InputTokens,
    /// Output tokens.
    OutputTokens,
    /// Requests.
    Requests,
    /// Description, line item or note.
    Description,
}

impl Field {
    /// Every field, in the order the mapping editor lists them.
    pub const ALL: [Field; 20] = [
        Field::Period,
        Field::Date,
        Field::Department,
        Field::CostCentre,
        Field::ServiceCode,
        Field::Provider,
        Field::Model,
        Field::Environment,
        Field::Amount,
        Field::Currency,
        Field::AllocationMethod,
        Field::Quantity,
        Field::ApiKeyId,
        Field::ApiKeyName,
        Field::Project,
        Field::Workspace,
        Field::InputTokens,
        Field::OutputTokens,
        Field::Requests,
        Field::Description,
    ];

    /// The stored identifier.
    pub fn id(self) -> &'static str {
        match self {
            Field::Period => "period",
            Field::Date => "date",
            Field::Department => "department",
            Field::CostCentre => "cost_centre",
            Field::ServiceCode => "service_code",
            Field::Provider => "provider",
            Field::Model => "model",
            Field::Environment => "environment",
            Field::Amount => "amount",
            Field::Currency => "currency",
            Field::AllocationMethod => "allocation_method",
            Field::Quantity => "quantity",
            Field::ApiKeyId => "api_key_id",
            Field::ApiKeyName => "api_key_name",
            Field::Project => "project",
            Field::Workspace => "workspace",
            Field::InputTokens => "input_tokens",
            Field::OutputTokens => "output_tokens",
            Field::Requests => "requests",
            Field::Description => "description",
        }
    }

    /// Reads an identifier.
    pub fn parse(text: &str) -> Option<Field> {
        let wanted = text.trim().to_lowercase().replace(['-', ' '], "_");
        Field::ALL.into_iter().find(|f| f.id() == wanted)
    }

    /// Header names (normalised) that mean this field in finance's workbooks.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Period => &[
                "month",
                "period",
                "billing month",
                "billing period",
                "charge month",
                "charge period",
                "usage month",
                "posting period",
                "accounting period",
                "fiscal period",
                "reporting month",
                "month year",
            ],
            Field::Date => &["date", "usage date", "invoice date", "day", "charge date"],
            Field::Department => &[
                "department",
                "dept",
                "department name",
                "business unit",
                "bu",
                "division",
                "function",
                "team",
            ],
            Field::CostCentre => &[
                "cost centre",
                "cost center",
                "cc",
                "cost centre code",
                "cost center code",
                "cost centre name",
                "cost center name",
                "costcentre",
                "costcenter",
            ],
            Field::ServiceCode => &[
                "service code",
                "workload code",
                "workload",
                "service",
                "application code",
                "app code",
                "application",
                "product code",
                "service id",
                "workload id",
                "use case",
                "use case code",
            ],
            Field::Provider => &["provider", "vendor", "supplier", "platform", "ai provider"],
            Field::Model => &["model", "model name", "sku", "model family"],
            Field::Environment => &["environment", "env", "stage"],
            Field::Amount => &[
                "amount",
                "cost",
                "charge",
                "charges",
                "total cost",
                "net amount",
                "net cost",
                "spend",
                "amount due",
                "allocated cost",
                "cost allocated",
                "allocated amount",
                "showback amount",
                "chargeback amount",
                "showback",
                "chargeback",
                "total",
            ],
            Field::Currency => &["currency", "ccy", "currency code", "cur"],
            Field::AllocationMethod => &[
                "allocation method",
                "allocation basis",
                "allocation",
                "basis",
                "method",
                "allocation rule",
            ],
            Field::Quantity => &["quantity", "units", "qty", "usage quantity", "volume"],
            Field::ApiKeyId => &["api key id", "key id", "apikey id"],
            Field::ApiKeyName => &["api key", "api key name", "key name", "key"],
            Field::Project => &["project", "project id", "project name"],
            Field::Workspace => &["workspace", "workspace id", "workspace name"],
            Field::InputTokens => &["input tokens", "prompt tokens"],
            Field::OutputTokens => &["output tokens", "completion tokens"],
            Field::Requests => &["requests", "request count", "calls", "api calls"],
            Field::Description => &[
                "description",
                "line item",
                "notes",
                "note",
                "comment",
                "comments",
                "memo",
                "details",
            ],
        }
    }

    /// Fields whose blank cells are filled from the row above (merged group cells).
    fn fills_down(self) -> bool {
        matches!(
            self,
            Field::Period | Field::Date | Field::Department | Field::CostCentre
        )
    }
}

/// A saved column mapping: how to read a layout Runrate does not recognise by
/// itself. Workbooks whose header row has the same column names use it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The template's name.
    pub name: String,
    /// Whether the file is finance's showback or a provider's evidence.
    pub source: SourceKind,
    /// Header text (as in the file) for each field used.
    pub columns: BTreeMap<Field, String>,
    /// Currency of amounts that name none.
    #[serde(default)]
    pub currency: Option<String>,
    /// Provider of lines that name none.
    #[serde(default)]
    pub provider: Option<String>,
    /// The header row's column names, normalised: a workbook whose header row
    /// has exactly these is read with this mapping without asking.
    #[serde(default)]
    pub signature: Vec<String>,
}

impl Mapping {
    /// Whether every mapped header is present in `columns`.
    pub fn fits(&self, columns: &Columns) -> bool {
        !self.columns.is_empty()
            && self
                .columns
                .values()
                .all(|h| columns.has(&super::columns::normalise(h)))
    }

    /// Whether `columns` is the layout the mapping was made for.
    pub fn recognises(&self, columns: &Columns) -> bool {
        if self.signature.is_empty() || !self.fits(columns) {
            return false;
        }
        let mine: BTreeSet<&str> = self.signature.iter().map(String::as_str).collect();
        let theirs: BTreeSet<&str> = columns.names().collect();
        mine == theirs
    }

    /// Checks the mapping makes sense; the message names what is wrong.
    pub fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("A mapping needs a name".into());
        }
        if self.name.chars().count() > 80 {
            return Err("A mapping's name is at most 80 characters".into());
        }
        let has = |f: Field| self.columns.contains_key(&f);
        if !has(Field::Period) && !has(Field::Date) && self.source == SourceKind::Provider {
            return Err(format!(
                "Mapping '{}': map a Date or Month column; provider lines need a day or month",
                self.name
            ));
        }
        // Outcome counts per service code and month (value hypotheses) need no
        // amount: a service code, a month and a quantity.
        let outcomes = !has(Field::Amount)
            && has(Field::ServiceCode)
            && has(Field::Quantity)
            && (has(Field::Period) || has(Field::Date));
        match self.source {
            _ if outcomes => Ok(()),
            SourceKind::Showback if !has(Field::Amount) => Err(format!(
                "Mapping '{}': map the Amount column; a showback line is an amount (or, for outcome counts, Service code, Month and Quantity)",
                self.name
            )),
            SourceKind::Provider
                if !has(Field::Amount) && !has(Field::InputTokens) && !has(Field::OutputTokens) =>
            {
                Err(format!(
                    "Mapping '{}': map an Amount column or token columns",
                    self.name
                ))
            }
            _ => Ok(()),
        }?;
        if let Some(c) = &self.currency {
            Currency::parse(c)
                .map_err(|_| format!("Mapping '{}': '{c}' is not a currency code", self.name))?;
        }
        if let Some(p) = &self.provider {
            Provider::parse(p)
                .ok_or_else(|| format!("Mapping '{}': '{p}' is not a provider", self.name))?;
        }
        Ok(())
    }
}

/// How one sheet's table is read: which column holds which field.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The header row.
    pub columns: Columns,
    /// Column index of each recognised field.
    pub fields: BTreeMap<Field, usize>,
    /// A currency named in the amount column's header (`Amount (GBP)`).
    pub header_currency: Option<Currency>,
    /// Showback or provider evidence.
    pub source: SourceKind,
    /// The saved mapping used, if any.
    pub mapping: Option<String>,
    /// The mapping's default currency.
    pub default_currency: Option<Currency>,
    /// The mapping's default provider.
    pub default_provider: Option<Provider>,
}

/// A header split into the words that name it and a currency it mentions:
/// `Amount (GBP)` → (`amount`, GBP); `Spend ($)` → (`spend`, USD).
pub fn header_words(header: &str) -> (String, Option<Currency>) {
    let mut currency = None;
    for (symbol, c) in [
        ("£", Currency::GBP),
        ("€", Currency::EUR),
        ("$", Currency::USD),
    ] {
        if header.contains(symbol) {
            currency = Some(c);
        }
    }
    let mut words = Vec::new();
    for token in header
        .trim_start_matches('\u{feff}')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if token.len() == 3
            && token.chars().all(|c| c.is_ascii_uppercase())
            && let Ok(c) = Currency::parse(token)
        {
            currency = Some(c);
            continue;
        }
        words.push(token.to_lowercase());
    }
    // "Amount in GBP" leaves a dangling "in".
    while words.last().is_some_and(|w| w == "in") {
        words.pop();
    }
    (words.join(" "), currency)
}

/// Recognises a showback header row by its column names, or returns `None`.
///
/// A header needs an amount column and at least two of month, department,
/// cost centre, service code, provider and model.
pub fn recognise_showback(columns: &Columns) -> Option<Layout> {
    let mut fields: BTreeMap<Field, usize> = BTreeMap::new();
    let mut header_currency = None;
    for (index, header) in columns.headers().iter().enumerate() {
        let (words, currency) = header_words(header);
        if words.is_empty() {
            continue;
        }
        let without_brackets = header
            .split('(')
            .next()
            .map(|h| header_words(h).0)
            .unwrap_or_default();
        let field = Field::ALL.into_iter().find(|f| {
            !fields.contains_key(f)
                && (f.synonyms().contains(&words.as_str())
                    || f.synonyms().contains(&without_brackets.as_str()))
        });
        if let Some(field) = field {
            if field == Field::Amount {
                header_currency = currency;
            }
            fields.insert(field, index);
        }
    }
    let descriptive = [
        Field::Period,
        Field::Date,
        Field::Department,
        Field::CostCentre,
        Field::ServiceCode,
        Field::Provider,
        Field::Model,
    ]
    .iter()
    .filter(|f| fields.contains_key(f))
    .count();
    (fields.contains_key(&Field::Amount) && descriptive >= 2).then(|| Layout {
        columns: columns.clone(),
        fields,
        header_currency,
        source: SourceKind::Showback,
        mapping: None,
        default_currency: None,
        default_provider: None,
    })
}

/// The layout a saved mapping gives a header row.
pub fn layout_from_mapping(mapping: &Mapping, columns: &Columns) -> Layout {
    let mut fields = BTreeMap::new();
    let mut header_currency = None;
    for (field, header) in &mapping.columns {
        if let Some(index) = columns.index_of(&super::columns::normalise(header)) {
            fields.insert(*field, index);
            if *field == Field::Amount {
                header_currency = header_words(header).1;
            }
        }
    }
    Layout {
        columns: columns.clone(),
        fields,
        header_currency,
        source: mapping.source,
        mapping: Some(mapping.name.clone()),
        default_currency: mapping
            .currency
            .as_deref()
            .and_then(|c| Currency::parse(c).ok()),
        default_provider: mapping.provider.as_deref().and_then(Provider::parse),
    }
}

/// A currency named in a title row: `(figures in GBP)`, `Currency: EUR`.
pub fn currency_in_text(text: &str) -> Option<Currency> {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '£' && c != '€')
        .filter(|t| !t.is_empty())
        .collect();
    for pair in tokens.windows(2) {
        let lead = pair[0].to_lowercase();
        if matches!(lead.as_str(), "in" | "currency" | "ccy")
            && pair[1].len() == 3
            && let Ok(c) = Currency::parse(pair[1])
        {
            return Some(c);
        }
        if lead == "in" {
            match pair[1] {
                "£" => return Some(Currency::GBP),
                "€" => return Some(Currency::EUR),
                _ => {}
            }
        }
    }
    None
}

/// What a sheet's title rows said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preamble {
    /// A month named above the table.
    pub month: Option<Month>,
    /// A currency named above the table.
    pub currency: Option<Currency>,
}

impl Preamble {
    /// Notes what one title row says.
    pub fn read(&mut self, row: &Row, fiscal_start: u32) {
        for cell in &row.cells {
            let text = cell.display();
            if text.trim().is_empty() {
                continue;
            }
            if self.month.is_none() {
                self.month = month_in_text(&text, fiscal_start);
            }
            if self.currency.is_none() {
                self.currency = currency_in_text(&text);
            }
        }
    }
}

/// An amount as a message shows it: to the currency's minor unit when it has
/// no more digits than that (9.4 → 9.40), otherwise exactly.
fn shown(amount: Decimal, currency: Currency) -> String {
    let minor = currency.minor_units();
    if amount.normalize().scale() <= minor {
        format!("{:.*}", minor as usize, amount)
    } else {
        amount.normalize().to_string()
    }
}

/// Whether text labels a total row, and whether it is the grand total.
fn total_label(text: &str) -> Option<bool> {
    // Most cells are not totals: skip the work unless "total" or "sum" appears.
    let bytes = text.as_bytes();
    let has = |word: &[u8]| {
        bytes
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !has(b"total") && !has(b"sum") {
        return None;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let totalish = words
        .iter()
        .any(|w| matches!(*w, "total" | "subtotal" | "totals" | "sum"));
    let sub_total = lower.contains("sub-total") || lower.contains("sub total");
    if !totalish && !sub_total {
        return None;
    }
    Some(words.iter().any(|w| matches!(*w, "grand" | "overall")))
}

/// Reading one sheet's table, row by row.
#[derive(Debug)]
pub struct TableSheet {
    /// The layout.
    pub layout: Layout,
    sheet: String,
    date_1904: bool,
    fiscal_start: u32,
    preamble: Preamble,
    base_currency: Currency,
    sheet_department: Option<String>,
    fill: BTreeMap<Field, Cell>,
    /// Blank group cells filled from above, by column header.
    pub filled: BTreeMap<String, u64>,
    group: BTreeMap<Currency, Decimal>,
    group_first_row: Option<u32>,
    sheet_sum: BTreeMap<Currency, Decimal>,
    /// Whether an amount had to take the base currency.
    pub used_base_currency: bool,
}

/// Sheet names that stand for nothing (`Sheet1`, `Data`).
fn generic_sheet_name(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit()).trim();
    matches!(
        stem,
        "sheet" | "data" | "export" | "report" | "table" | "showback" | "chargeback" | "feuil"
    ) || lower.ends_with(".csv")
        || lower.ends_with(".tsv")
        || lower.ends_with(".txt")
        || month_in_text(&lower, 1).is_some()
}

/// Whether a sheet is a summary or pivot that repeats the detail sheets.
pub fn is_summary_sheet(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "summary",
        "pivot",
        "overview",
        "contents",
        "readme",
        "read me",
        "notes",
        "dashboard",
        "chart",
        "cover",
        "instructions",
        "lookup",
        "lists",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

impl TableSheet {
    /// Starts reading a sheet whose header row gave `layout`. In a workbook
    /// of several sheets, a sheet without a department column is named after
    /// its department (one sheet per department); a lone sheet's name is not.
    pub fn new(
        layout: Layout,
        sheet: &str,
        several_sheets: bool,
        date_1904: bool,
        fiscal_start: u32,
        preamble: Preamble,
        base_currency: Currency,
    ) -> TableSheet {
        let sheet_department = (several_sheets
            && !layout.fields.contains_key(&Field::Department)
            && layout.source == SourceKind::Showback
            && !generic_sheet_name(sheet))
        .then(|| sheet.trim().to_string());
        TableSheet {
            layout,
            sheet: sheet.to_string(),
            date_1904,
            fiscal_start,
            preamble,
            base_currency,
            sheet_department,
            fill: BTreeMap::new(),
            filled: BTreeMap::new(),
            group: BTreeMap::new(),
            group_first_row: None,
            sheet_sum: BTreeMap::new(),
            used_base_currency: false,
        }
    }

    /// Whether the sheet's name was taken as the department.
    pub fn department_from_sheet(&self) -> Option<&str> {
        self.sheet_department.as_deref()
    }

    fn cell<'r>(&self, row: &'r Row, field: Field) -> Option<&'r Cell> {
        self.layout.fields.get(&field).map(|&i| row.cell(i))
    }

    fn text(&self, row: &Row, field: Field) -> Option<String> {
        self.cell(row, field)
            .map(|c| c.display().trim().to_string())
            .filter(|t| !t.is_empty())
    }

    fn header(&self, field: Field) -> String {
        self.layout
            .fields
            .get(&field)
            .and_then(|&i| self.layout.columns.headers().get(i).cloned())
            .unwrap_or_else(|| field.id().to_string())
    }

    fn reject(&self, row: &Row, field: Field, problem: &str) -> ImportIssue {
        let header = self.header(field);
        let value = self.text(row, field).unwrap_or_default();
        ImportIssue {
            severity: IssueSeverity::Error,
            sheet: self.sheet.clone(),
            row: Some(row.number),
            column: Some(header.clone()),
            value: Some(value.clone()),
            message: format!(
                "Sheet '{}' row {}: {} '{value}' {problem}",
                self.sheet,
                row.number,
                header.to_lowercase()
            ),
        }
    }

    /// An amount cell: a number, or text as spreadsheets write it.
    fn amount(&self, row: &Row) -> Result<Option<(Decimal, Option<Currency>)>, ImportIssue> {
        let Some(cell) = self.cell(row, Field::Amount) else {
            return Ok(None);
        };
        read_number(cell)
            .map(|n| n.map(|p| (p.value, p.currency)))
            .map_err(|problem| self.reject(row, Field::Amount, &problem))
    }

    fn count(&self, row: &Row, field: Field) -> Result<Option<i64>, ImportIssue> {
        let Some(cell) = self.cell(row, field) else {
            return Ok(None);
        };
        let Some(number) =
            read_number(cell).map_err(|problem| self.reject(row, field, &problem))?
        else {
            return Ok(None);
        };
        to_count(number.value)
            .map(Some)
            .map_err(|problem| self.reject(row, field, problem))
    }

    /// Whether the row repeats the header (a table printed in pages).
    fn repeats_header(&self, row: &Row) -> bool {
        let headers = self.layout.columns.headers();
        // Cheap first: a repeated header has text where the amount's header is.
        let Some(&amount) = self.layout.fields.get(&Field::Amount) else {
            return false;
        };
        if !matches!(row.cell(amount), Cell::Text(t) if t.trim() == headers[amount]) {
            return false;
        }
        headers
            .iter()
            .enumerate()
            .all(|(i, h)| row.cell(i).display().trim() == h)
    }

    /// The label that marks a total row, if the row is one.
    fn total_row(&self, row: &Row) -> Option<bool> {
        let label_cells = [
            Field::Period,
            Field::Department,
            Field::CostCentre,
            Field::ServiceCode,
            Field::Provider,
            Field::Model,
            Field::Description,
        ]
        .into_iter()
        .filter_map(|f| self.cell(row, f))
        .chain(row.cells.first());
        label_cells
            .filter_map(|cell| match cell {
                Cell::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .find_map(total_label)
    }

    fn add(sums: &mut BTreeMap<Currency, Decimal>, currency: Currency, amount: Decimal) {
        let entry = sums.entry(currency).or_default();
        *entry = entry.saturating_add(amount);
    }

    /// Checks a total row against the lines above it.
    fn check_total(
        &mut self,
        row: &Row,
        grand: bool,
        amount: Decimal,
        currency: Option<Currency>,
    ) -> Option<ImportIssue> {
        let pick = |sums: &BTreeMap<Currency, Decimal>| -> Option<(Currency, Decimal)> {
            match currency {
                Some(c) => Some((c, sums.get(&c).copied().unwrap_or_default())),
                None if sums.len() <= 1 => Some(
                    sums.iter()
                        .next()
                        .map(|(c, d)| (*c, *d))
                        .unwrap_or((self.base_currency, Decimal::ZERO)),
                ),
                None => None,
            }
        };
        let written = self.text(row, Field::Amount);
        let group = pick(&self.group);
        let sheet = pick(&self.sheet_sum);
        let first = self.group_first_row;
        self.group.clear();
        self.group_first_row = None;
        let (expected, closes) = match (grand, group, sheet) {
            (_, None, _) | (_, _, None) => {
                return Some(ImportIssue {
                    severity: IssueSeverity::Warning,
                    sheet: self.sheet.clone(),
                    row: Some(row.number),
                    column: Some(self.header(Field::Amount)),
                    value: written,
                    message: format!(
                        "Sheet '{}' row {}: the total could not be checked because the lines \
                         above it are in several currencies",
                        self.sheet, row.number
                    ),
                });
            }
            (true, _, Some(s)) => (s, "every line above it on the sheet"),
            (false, Some(g), Some(s)) => {
                if g.1 == amount || s.1 != amount {
                    (g, "the lines since the previous total")
                } else {
                    // A plain "Total" at the foot of the sheet closes everything.
                    (s, "every line above it on the sheet")
                }
            }
        };
        if grand || closes.starts_with("every") {
            self.sheet_sum.clear();
        }
        if expected.1 == amount {
            return None;
        }
        let from = first
            .map(|r| format!(" (rows {r}–{})", row.number.saturating_sub(1)))
            .unwrap_or_default();
        Some(ImportIssue {
            severity: IssueSeverity::Warning,
            sheet: self.sheet.clone(),
            row: Some(row.number),
            column: Some(self.header(Field::Amount)),
            value: written,
            message: format!(
                "Sheet '{}' row {}: the total says {} {} but {closes}{from} add up to {} {}; \
                 the lines were imported as they are",
                self.sheet,
                row.number,
                expected.0.code(),
                shown(amount, expected.0),
                expected.0.code(),
                shown(expected.1, expected.0)
            ),
        })
    }

    /// Fills a blank group cell from the row above; returns the cell to read.
    fn filled_cell(&mut self, row: &Row, field: Field) -> Option<Cell> {
        let index = *self.layout.fields.get(&field)?;
        let cell = row.cell(index);
        if cell.is_blank() && field.fills_down() {
            let above = self.fill.get(&field).cloned()?;
            *self.filled.entry(self.header(field)).or_default() += 1;
            Some(above)
        } else {
            self.fill.insert(field, cell.clone());
            Some(cell.clone())
        }
    }

    fn period(&mut self, row: &Row) -> Result<(NaiveDate, NaiveDate), ImportIssue> {
        let date_cell = self.filled_cell(row, Field::Date);
        let period_cell = self.filled_cell(row, Field::Period);
        // Provider-style tables with a day column are daily.
        if self.layout.source == SourceKind::Provider
            && let Some(cell) = &date_cell
        {
            let day = match cell {
                Cell::DateTime(dt) => Some(dt.date()),
                Cell::Number(n) => super::period::excel_serial_date(*n, self.date_1904),
                other => super::providers::parse_date(other.display().trim()),
            };
            return match day {
                Some(d) => Ok((d, d.succ_opt().unwrap_or(d))),
                None => Err(self.reject(row, Field::Date, "is not a date")),
            };
        }
        for (field, cell) in [(Field::Period, &period_cell), (Field::Date, &date_cell)] {
            if let Some(cell) = cell
                && !cell.is_blank()
            {
                return month_from_cell(cell, self.date_1904, self.fiscal_start)
                    .map(|m| (m.first_day(), m.end()))
                    .ok_or_else(|| {
                        self.reject(
                            row,
                            field,
                            "is not a month (write it as Sep-26, September 2026, 2026-09 or a date)",
                        )
                    });
            }
        }
        if let Some(m) = self
            .preamble
            .month
            .or_else(|| month_in_text(&self.sheet, self.fiscal_start))
        {
            return Ok((m.first_day(), m.end()));
        }
        let field = if self.layout.fields.contains_key(&Field::Period) {
            Field::Period
        } else {
            Field::Date
        };
        Err(ImportIssue {
            message: format!(
                "Sheet '{}' row {}: no month is given in the row, the title rows or the sheet name",
                self.sheet, row.number
            ),
            value: None,
            ..self.reject(row, field, "")
        })
    }

    /// The kind of charge: what the allocation method says, else the
    /// description, else the model column (`credit note`), else the sign.
    fn charge_category(&self, row: &Row, amount: Decimal) -> ChargeCategory {
        for field in [Field::AllocationMethod, Field::Description, Field::Model] {
            let Some(text) = self.text(row, field) else {
                continue;
            };
            let words = text.to_lowercase();
            if words.contains("credit") {
                return ChargeCategory::Credit;
            }
            if words.contains("adjust") || words.contains("correction") {
                return ChargeCategory::Adjustment;
            }
            if words.contains("vat") || words.contains("tax") {
                return ChargeCategory::Tax;
            }
            if words.contains("commit")
                || words.contains("provisioned")
                || words.contains("reserved")
            {
                return ChargeCategory::Commitment;
            }
        }
        if amount.is_sign_negative() {
            ChargeCategory::Credit
        } else {
            ChargeCategory::Usage
        }
    }

    /// Reads one row below the header.
    pub fn row(&mut self, row: &Row) -> (RowOutcome, Option<ImportIssue>) {
        if self.repeats_header(row) {
            return (RowOutcome::Skip("repeated header row"), None);
        }
        if let Some(grand) = self.total_row(row) {
            // Filled-down groups end at a total.
            self.fill.clear();
            return match self.amount(row) {
                Ok(Some((amount, currency))) => {
                    let currency = currency
                        .or_else(|| {
                            self.text(row, Field::Currency)
                                .and_then(|c| Currency::parse(&c).ok())
                        })
                        .or(self.layout.header_currency);
                    let issue = self.check_total(row, grand, amount, currency);
                    (RowOutcome::Skip("total or subtotal row (checked)"), issue)
                }
                Ok(None) => (RowOutcome::Skip("total row without an amount"), None),
                Err(_) => (RowOutcome::Skip("total row without an amount"), None),
            };
        }
        match self.line(row) {
            Ok(outcome) => (outcome, None),
            Err(issue) => (RowOutcome::Reject(issue), None),
        }
    }

    fn line(&mut self, row: &Row) -> Result<RowOutcome, ImportIssue> {
        let amount = self.amount(row)?;
        let input_tokens = self.count(row, Field::InputTokens)?;
        let output_tokens = self.count(row, Field::OutputTokens)?;
        let requests = self.count(row, Field::Requests)?;
        let has_usage = input_tokens.is_some() || output_tokens.is_some();
        if amount.is_none() && !(self.layout.source == SourceKind::Provider && has_usage) {
            // Keep fill-down going across note rows only when they are notes.
            return Ok(RowOutcome::Skip("row without an amount (note or spacer)"));
        }
        if let Some((a, _)) = amount
            && a.is_zero()
            && !has_usage
        {
            // Fill-down still learns the row's groups.
            let _ = self.period(row);
            let _ = self.filled_cell(row, Field::Department);
            let _ = self.filled_cell(row, Field::CostCentre);
            return Ok(RowOutcome::Skip("amount is zero"));
        }
        let (start, end) = self.period(row)?;
        let department = self
            .filled_cell(row, Field::Department)
            .map(|c| c.display().trim().to_string())
            .filter(|t| !t.is_empty())
            .or_else(|| self.sheet_department.clone());
        let cost_centre = self
            .filled_cell(row, Field::CostCentre)
            .map(|c| c.display().trim().to_string())
            .filter(|t| !t.is_empty());

        let mut line = LineDraft {
            sheet: self.sheet.clone(),
            row: row.number,
            period_start: Some(start),
            period_end: Some(end),
            raw: self.layout.columns.raw_json(row, &[]),
            ..LineDraft::default()
        };
        let provider_text = self.text(row, Field::Provider);
        line.provider = provider_text
            .as_deref()
            .map(|p| Provider::parse(p).unwrap_or(Provider::Other))
            .or(self.layout.default_provider);
        line.model = self.text(row, Field::Model);
        line.line_item = self.text(row, Field::Description);
        line.api_key_id = self.text(row, Field::ApiKeyId);
        line.api_key_name = self.text(row, Field::ApiKeyName);
        line.project_id = self.text(row, Field::Project);
        line.workspace_id = self.text(row, Field::Workspace);
        line.workload_code = self.text(row, Field::ServiceCode);
        line.department_label = department;
        line.cost_centre = cost_centre;
        line.environment = self.text(row, Field::Environment);
        line.input_tokens = input_tokens;
        line.output_tokens = output_tokens;
        line.requests = requests;

        if let Some((value, cell_currency)) = amount {
            let column_currency = match self.text(row, Field::Currency) {
                Some(code) => Some(
                    Currency::parse(&code)
                        .map_err(|_| self.reject(row, Field::Currency, "is not a currency code"))?,
                ),
                None => None,
            };
            if let (Some(a), Some(b)) = (cell_currency, column_currency)
                && a != b
            {
                return Err(self.reject(
                    row,
                    Field::Amount,
                    &format!(
                        "is in {} but the currency column says {}",
                        a.code(),
                        b.code()
                    ),
                ));
            }
            let currency = cell_currency
                .or(column_currency)
                .or(self.layout.header_currency)
                .or(self.layout.default_currency)
                .or(self.preamble.currency)
                .unwrap_or_else(|| {
                    self.used_base_currency = true;
                    self.base_currency
                });
            let value = quantize_for_storage(value);
            line.amount = Some(value);
            line.currency = Some(currency);
            line.cost_basis = Some(CostBasis::Billed);
            line.charge_category = Some(self.charge_category(row, value));
            Self::add(&mut self.group, currency, value);
            Self::add(&mut self.sheet_sum, currency, value);
            self.group_first_row.get_or_insert(row.number);
        } else {
            line.cost_basis = Some(CostBasis::Unpriced);
            line.charge_category = Some(ChargeCategory::Usage);
        }

        // A CSV's "sheet" is its file name, which must not make a renamed copy new.
        let sheet_key = if generic_sheet_name(&self.sheet) {
            String::new()
        } else {
            self.sheet.clone()
        };
        line.key_parts = vec![start.to_string(), end.to_string(), sheet_key];
        for value in [
            &line.department_label,
            &line.cost_centre,
            &line.workload_code,
            &provider_text,
            &line.model,
            &line.environment,
            &line.api_key_id,
            &line.api_key_name,
            &line.project_id,
            &line.workspace_id,
            &line.line_item,
            &self.text(row, Field::AllocationMethod),
        ] {
            line.key_parts.push(value.clone().unwrap_or_default());
        }
        Ok(RowOutcome::Line(Box::new(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_their_currency() {
        assert_eq!(
            header_words("Amount (GBP)"),
            ("amount".into(), Some(Currency::GBP))
        );
        assert_eq!(
            header_words("Spend ($)"),
            ("spend".into(), Some(Currency::USD))
        );
        assert_eq!(
            header_words("Charge in EUR"),
            ("charge".into(), Some(Currency::EUR))
        );
        assert_eq!(header_words("Cost Centre"), ("cost centre".into(), None));
    }

    #[test]
    fn titles_name_their_currency_only_in_context() {
        assert_eq!(
            currency_in_text("Period: Sep-26 (figures in GBP)"),
            Some(Currency::GBP)
        );
        assert_eq!(currency_in_text("Currency: EUR"), Some(Currency::EUR));
        // ALL is the Albanian lek, but not here.
        assert_eq!(currency_in_text("ALL DEPARTMENTS"), None);
    }

    #[test]
    fn total_labels() {
        assert_eq!(total_label("Finance Total"), Some(false));
        assert_eq!(total_label("Sub-total"), Some(false));
        assert_eq!(total_label("Grand Total"), Some(true));
        assert_eq!(total_label("Totalisator"), None);
        assert_eq!(total_label("Finance"), None);
    }

    #[test]
    fn summary_sheets_are_recognised() {
        assert!(is_summary_sheet("Summary"));
        assert!(is_summary_sheet("Pivot Sep-26"));
        assert!(!is_summary_sheet("Finance"));
        assert!(generic_sheet_name("Sheet1"));
        assert!(generic_sheet_name("Sep-26"));
        assert!(!generic_sheet_name("HR"));
    }
}
