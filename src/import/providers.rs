//! Row readers for the provider exports: OpenAI, Anthropic and FOCUS.
//!
//! Columns are found by name, never position: exports gain columns every few
//! months. Unknown columns stay in the line's raw values.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::columns::{read_number, to_count};
use super::{
    ChargeCategory, Columns, CostBasis, Format, ImportIssue, IssueSeverity, LineDraft, RowOutcome,
};
use crate::model::provider::Provider;
use crate::money::{Currency, quantize_for_storage};
use crate::sheet::{Cell, Row};

/// Columns holding personal data that are not kept with a line.
/// Prompt and response bodies (LiteLLM logs them) are not kept either: they may
/// hold anything, and they are not evidence of cost.
const PERSONAL_COLUMNS: &[&str] = &[
    "user_email",
    "messages",
    "response",
    "proxy_server_request",
    "requester_ip_address",
    super::json::PAGE_MARKER,
];

/// Reads the cells of one row, naming the place of any problem.
struct Cells<'a> {
    columns: &'a Columns,
    sheet: &'a str,
    row: &'a Row,
}

type Read<T> = Result<T, ImportIssue>;

impl Cells<'_> {
    fn text(&self, name: &str) -> Option<String> {
        self.columns.text(self.row, name)
    }

    fn reject(&self, name: &str, problem: &str) -> ImportIssue {
        let header = self.columns.header(name);
        let value = self.text(name).unwrap_or_default();
        ImportIssue {
            severity: IssueSeverity::Error,
            sheet: self.sheet.to_string(),
            row: Some(self.row.number),
            column: Some(header.clone()),
            value: Some(value.clone()),
            message: format!(
                "{} row {}, column '{header}': '{value}' {problem}",
                self.sheet, self.row.number
            ),
        }
    }

    fn missing(&self, name: &str) -> ImportIssue {
        let header = self.columns.header(name);
        ImportIssue {
            severity: IssueSeverity::Error,
            sheet: self.sheet.to_string(),
            row: Some(self.row.number),
            column: Some(header.clone()),
            value: None,
            message: format!(
                "{} row {}, column '{header}': a value is required",
                self.sheet, self.row.number
            ),
        }
    }

    /// A decimal from a number cell or text as spreadsheets write it.
    fn decimal(&self, name: &str) -> Read<Option<Decimal>> {
        let Some(cell) = self.columns.cell(self.row, name) else {
            return Ok(None);
        };
        read_number(cell)
            .map(|n| n.map(|p| p.value))
            .map_err(|problem| self.reject(name, &problem))
    }

    /// An amount, rounded to 9 decimal places only if it carries more
    /// (exports write float artefacts such as `0.30000000000000004`).
    fn amount(&self, name: &str) -> Read<Option<Decimal>> {
        Ok(self.decimal(name)?.map(quantize_for_storage))
    }

    /// A count written as `31422`, `31422.0` or `31,422`.
    fn count(&self, name: &str) -> Read<Option<i64>> {
        let Some(value) = self.decimal(name)? else {
            return Ok(None);
        };
        to_count(value)
            .map(Some)
            .map_err(|problem| self.reject(name, problem))
    }

    fn sum_counts(&self, names: &[&str]) -> Read<Option<i64>> {
        let mut total: Option<i64> = None;
        for name in names {
            if let Some(n) = self.count(name)? {
                total = Some(total.unwrap_or(0).saturating_add(n));
            }
        }
        Ok(total)
    }

    fn currency(&self, name: &str) -> Read<Option<Currency>> {
        match self.text(name) {
            None => Ok(None),
            Some(code) => Currency::parse(&code)
                .map(Some)
                .map_err(|_| self.reject(name, "is not an ISO 4217 currency code")),
        }
    }

    /// A date from ISO text (with or without time and offset), US short dates
    /// as Excel saves them (`5/1/25`), or a spreadsheet date cell.
    fn date(&self, name: &str) -> Read<Option<NaiveDate>> {
        match self.columns.cell(self.row, name) {
            None | Some(Cell::Empty) => Ok(None),
            Some(Cell::DateTime(dt)) => Ok(Some(dt.date())),
            Some(cell) => {
                let text = cell.display();
                parse_date(text.trim())
                    .map(Some)
                    .ok_or_else(|| self.reject(name, "is not a date"))
            }
        }
    }

    /// A date from Unix seconds (`1788134400`).
    fn unix_date(&self, name: &str) -> Read<Option<NaiveDate>> {
        let Some(value) = self.decimal(name)? else {
            return Ok(None);
        };
        let seconds =
            i64::try_from(value.trunc()).map_err(|_| self.reject(name, "is not a Unix time"))?;
        DateTime::from_timestamp(seconds, 0)
            .map(|t| Some(t.date_naive()))
            .ok_or_else(|| self.reject(name, "is not a Unix time"))
    }

    fn line(&self) -> LineDraft {
        let raw = self.columns.raw_json(self.row, PERSONAL_COLUMNS);
        LineDraft {
            sheet: self.sheet.to_string(),
            row: self.row.number,
            raw,
            ..LineDraft::default()
        }
    }

    fn parts(&self, names: &[&str]) -> Vec<String> {
        names
            .iter()
            .map(|n| self.text(n).unwrap_or_default())
            .collect()
    }
}

/// Reads ISO 8601 dates and date-times and US short dates.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.naive_utc().date());
    }
    for pattern in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, pattern) {
            return Some(t.date());
        }
    }
    if let Some((date, _)) = text.split_once(['T', ' '])
        && let Ok(d) = NaiveDate::parse_from_str(date, "%Y-%m-%d")
    {
        return Some(d);
    }
    // US short dates as Excel writes them when saving CSV: 5/1/25, 05/01/2025.
    let date = text.split_whitespace().next().unwrap_or(text);
    NaiveDate::parse_from_str(date, "%m/%d/%Y")
        .ok()
        .filter(|d| d.year() >= 1000)
        .or_else(|| NaiveDate::parse_from_str(date, "%m/%d/%y").ok())
}

/// Exports without a charge category: a negative amount is a credit.
fn usage_or_credit(amount: Decimal) -> ChargeCategory {
    if amount.is_sign_negative() {
        ChargeCategory::Credit
    } else {
        ChargeCategory::Usage
    }
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

pub(super) fn parse_row(format: Format, columns: &Columns, sheet: &str, row: &Row) -> RowOutcome {
    let cells = Cells {
        columns,
        sheet,
        row,
    };
    let result = match format {
        Format::OpenaiCostCsv => openai_cost(&cells),
        Format::OpenaiUsageCsv => openai_usage(&cells),
        Format::AnthropicCostCsv => anthropic_cost(&cells),
        Format::AnthropicUsageCsv => anthropic_usage(&cells),
        Format::Focus => focus(&cells),
        Format::OpenaiCostJson => openai_cost(&cells),
        Format::OpenaiUsageJson => openai_usage(&cells),
        Format::AnthropicCostJson => anthropic_cost_json(&cells),
        Format::AnthropicUsageJson => anthropic_usage_json(&cells),
        Format::LitellmSpendLogs => litellm_log(&cells),
        Format::LitellmSpendReport => litellm_report(&cells),
        Format::Showback | Format::Mapped => Ok(RowOutcome::Skip("not a provider export row")),
    };
    match result {
        Ok(outcome) => outcome,
        Err(issue) => RowOutcome::Reject(issue),
    }
}

/// The period of an OpenAI bucket: ISO columns when present, else Unix seconds.
fn openai_period(cells: &Cells<'_>) -> Read<(NaiveDate, NaiveDate)> {
    let start = match cells.date("start_time_iso")? {
        Some(d) => d,
        None => cells
            .unix_date("start_time")?
            .ok_or_else(|| cells.missing("start_time"))?,
    };
    let end = match cells.date("end_time_iso")? {
        Some(d) => Some(d),
        None => cells.unix_date("end_time")?,
    };
    // Minute buckets start and end on the same day; the period is that day.
    let end = end
        .filter(|e| *e > start)
        .unwrap_or_else(|| next_day(start));
    Ok((start, end))
}

fn openai_cost(cells: &Cells<'_>) -> Read<RowOutcome> {
    if cells.text("amount_value").is_none() && cells.text("line_item").is_none() {
        return Ok(RowOutcome::Skip("empty time bucket"));
    }
    let (start, end) = openai_period(cells)?;
    let amount = cells
        .amount("amount_value")?
        .ok_or_else(|| cells.missing("amount_value"))?;
    let currency = cells
        .currency("amount_currency")?
        .ok_or_else(|| cells.missing("amount_currency"))?;
    let line_item = cells.text("line_item");
    // Observed line items read "<model>, <token class>".
    let model = line_item
        .as_deref()
        .and_then(|l| l.split_once(','))
        .map(|(m, _)| m.trim().to_string())
        .filter(|m| !m.is_empty());
    let mut line = cells.line();
    line.period_start = Some(start);
    line.period_end = Some(end);
    line.provider = Some(Provider::OpenAi);
    line.model = model;
    line.line_item = line_item;
    line.api_key_id = cells.text("api_key_id");
    line.project_id = cells.text("project_id");
    line.project_name = cells.text("project_name");
    line.amount = Some(amount);
    line.currency = Some(currency);
    line.cost_basis = Some(CostBasis::Billed);
    line.charge_category = Some(usage_or_credit(amount));
    line.key_parts = vec![start.to_string(), end.to_string()];
    line.key_parts.extend(cells.parts(&[
        "organization_id",
        "project_id",
        "api_key_id",
        "user_id",
        "line_item",
        "api_source",
    ]));
    Ok(RowOutcome::Line(Box::new(line)))
}

fn openai_usage(cells: &Cells<'_>) -> Read<RowOutcome> {
    if cells.text("model").is_none() && cells.text("num_model_requests").is_none() {
        return Ok(RowOutcome::Skip("empty time bucket"));
    }
    let (start, end) = openai_period(cells)?;
    let total_input = cells.count("input_tokens")?;
    let cached = cells.count("input_cached_tokens")?;
    let cache_write = cells.count("input_cache_write_tokens")?;
    // input_tokens includes cached and cache-write tokens: never add them again.
    let uncached = match cells.count("input_uncached_tokens")? {
        Some(n) => Some(n),
        None => total_input.map(|t| {
            t.saturating_sub(cached.unwrap_or(0))
                .saturating_sub(cache_write.unwrap_or(0))
                .max(0)
        }),
    };
    let mut line = cells.line();
    line.period_start = Some(start);
    line.period_end = Some(end);
    line.provider = Some(Provider::OpenAi);
    line.model = cells.text("model");
    let batch = cells
        .text("batch")
        .is_some_and(|b| matches!(b.to_ascii_lowercase().as_str(), "true" | "1" | "yes"));
    let tier = cells
        .text("service_tier")
        .unwrap_or_else(|| "default".to_string());
    line.line_item = Some(if batch {
        format!("{tier}, batch")
    } else {
        tier
    });
    line.api_key_id = cells.text("api_key_id");
    line.project_id = cells.text("project_id");
    line.input_tokens = uncached;
    line.cached_input_tokens = cached;
    line.cache_write_tokens = cache_write;
    line.output_tokens = cells.count("output_tokens")?;
    line.requests = cells.count("num_model_requests")?;
    line.cost_basis = Some(CostBasis::Unpriced);
    line.charge_category = Some(ChargeCategory::Usage);
    line.key_parts = vec![start.to_string(), end.to_string()];
    line.key_parts.extend(cells.parts(&[
        "project_id",
        "api_key_id",
        "user_id",
        "model",
        "batch",
        "service_tier",
    ]));
    Ok(RowOutcome::Line(Box::new(line)))
}

fn anthropic_day(cells: &Cells<'_>) -> Read<NaiveDate> {
    cells
        .date("usage_date_utc")?
        .ok_or_else(|| cells.missing("usage_date_utc"))
}

fn anthropic_cost(cells: &Cells<'_>) -> Read<RowOutcome> {
    let day = anthropic_day(cells)?;
    let amount = cells
        .amount("cost_usd")?
        .ok_or_else(|| cells.missing("cost_usd"))?;
    let mut line = cells.line();
    line.period_start = Some(day);
    line.period_end = Some(next_day(day));
    line.provider = Some(Provider::Anthropic);
    // The cost export names models for display ("Claude Sonnet 5.5"); kept as written.
    line.model = cells.text("model");
    line.line_item = cells.text("token_type").or_else(|| cells.text("cost_type"));
    line.api_key_name = cells.text("api_key");
    line.api_key_id = cells.text("api_key_id");
    line.workspace_name = cells.text("workspace");
    line.amount = Some(amount);
    line.currency = Some(Currency::USD);
    line.cost_basis = Some(CostBasis::Billed);
    line.charge_category = Some(usage_or_credit(amount));
    line.key_parts = vec![day.to_string()];
    line.key_parts.extend(cells.parts(&[
        "model",
        "workspace",
        "api_key",
        "api_key_id",
        "usage_type",
        "context_window",
        "token_type",
        "cost_type",
        "inference_geo",
        "speed",
    ]));
    Ok(RowOutcome::Line(Box::new(line)))
}

fn anthropic_usage(cells: &Cells<'_>) -> Read<RowOutcome> {
    let day = anthropic_day(cells)?;
    let mut line = cells.line();
    line.period_start = Some(day);
    line.period_end = Some(next_day(day));
    line.provider = Some(Provider::Anthropic);
    line.model = cells.text("model_version");
    line.line_item = cells.text("usage_type");
    line.api_key_name = cells.text("api_key");
    line.workspace_name = cells.text("workspace");
    // Anthropic's token classes are disjoint, so they may be added up.
    line.input_tokens = cells.count("usage_input_tokens_no_cache")?;
    line.cache_write_tokens = cells.sum_counts(&[
        "usage_input_tokens_cache_write_5m",
        "usage_input_tokens_cache_write",
    ])?;
    // One-hour cache writes cost more than five-minute ones: kept apart.
    line.cache_write_1h_tokens = cells.count("usage_input_tokens_cache_write_1h")?;
    line.cached_input_tokens = cells.count("usage_input_tokens_cache_read")?;
    line.output_tokens = cells.count("usage_output_tokens")?;
    line.cost_basis = Some(CostBasis::Unpriced);
    line.charge_category = Some(ChargeCategory::Usage);
    line.key_parts = vec![day.to_string()];
    line.key_parts.extend(cells.parts(&[
        "model_version",
        "api_key",
        "workspace",
        "usage_type",
        "context_window",
        "inference_geo",
        "speed",
    ]));
    Ok(RowOutcome::Line(Box::new(line)))
}

fn focus_category(cells: &Cells<'_>) -> Read<ChargeCategory> {
    let text = cells
        .text("chargecategory")
        .ok_or_else(|| cells.missing("chargecategory"))?;
    match text.to_ascii_lowercase().as_str() {
        "usage" => Ok(ChargeCategory::Usage),
        "purchase" => Ok(ChargeCategory::Commitment),
        "tax" => Ok(ChargeCategory::Tax),
        "credit" => Ok(ChargeCategory::Credit),
        "adjustment" => Ok(ChargeCategory::Adjustment),
        _ => Err(cells.reject(
            "chargecategory",
            "is not a FOCUS charge category (Usage, Purchase, Tax, Credit, Adjustment)",
        )),
    }
}

fn focus_tags(cells: &Cells<'_>) -> Read<Vec<(String, String)>> {
    let Some(text) = cells.text("tags") else {
        return Ok(Vec::new());
    };
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| cells.reject("tags", "is not a JSON object of tags"))?;
    let object = value
        .as_object()
        .ok_or_else(|| cells.reject("tags", "is not a JSON object of tags"))?;
    Ok(object
        .iter()
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k.clone(), value)
        })
        .collect())
}

fn focus(cells: &Cells<'_>) -> Read<RowOutcome> {
    let start = cells
        .date("chargeperiodstart")?
        .ok_or_else(|| cells.missing("chargeperiodstart"))?;
    let end = cells
        .date("chargeperiodend")?
        .filter(|e| *e > start)
        .unwrap_or_else(|| next_day(start));
    let amount = cells
        .amount("billedcost")?
        .ok_or_else(|| cells.missing("billedcost"))?;
    let currency = cells
        .currency("billingcurrency")?
        .ok_or_else(|| cells.missing("billingcurrency"))?;
    let category = focus_category(cells)?;
    let provider_name = cells
        .text("providername")
        .or_else(|| cells.text("serviceprovidername"))
        .or_else(|| cells.text("publishername"))
        .or_else(|| cells.text("invoiceissuername"));
    let provider = provider_name.as_deref().and_then(Provider::parse);
    let mut line = cells.line();
    line.period_start = Some(start);
    line.period_end = Some(end);
    line.provider = provider;
    line.line_item = cells
        .text("chargedescription")
        .or_else(|| cells.text("skuid"));
    // FOCUS has no model column; some providers add one as an x_ column.
    line.model = cells.text("x_model").or_else(|| cells.text("x_modelname"));
    line.api_key_id = cells.text("resourceid");
    line.api_key_name = cells.text("resourcename");
    let account = cells.text("subaccountid");
    let account_name = cells.text("subaccountname");
    if provider == Some(Provider::Anthropic) {
        line.workspace_id = account;
        line.workspace_name = account_name;
    } else {
        line.project_id = account;
        line.project_name = account_name;
    }
    line.tags = focus_tags(cells)?;
    // Token usage: FOCUS does not split input from output; the SKU or
    // description usually says which.
    let unit = cells
        .text("consumedunit")
        .unwrap_or_default()
        .to_lowercase();
    if unit.contains("token") {
        let tokens = cells.count("consumedquantity")?;
        let what = format!(
            "{} {}",
            cells.text("skuid").unwrap_or_default(),
            cells.text("chargedescription").unwrap_or_default()
        )
        .to_lowercase();
        if what.contains("output") {
            line.output_tokens = tokens;
        } else {
            line.input_tokens = tokens;
        }
    }
    line.amount = Some(amount);
    line.currency = Some(currency);
    line.cost_basis = Some(CostBasis::Billed);
    line.charge_category = Some(category);
    line.key_parts = vec![start.to_string(), end.to_string()];
    line.key_parts.extend(cells.parts(&[
        "billingaccountid",
        "subaccountid",
        "resourceid",
        "skuid",
        "skupriceid",
        "chargecategory",
        "chargeclass",
        "chargedescription",
        "invoiceid",
        "commitmentdiscountid",
        "tags",
    ]));
    Ok(RowOutcome::Line(Box::new(line)))
}

/// The day of an Anthropic report bucket.
fn report_day(cells: &Cells<'_>) -> Read<NaiveDate> {
    cells
        .date("starting_at")?
        .ok_or_else(|| cells.missing("starting_at"))
}

fn anthropic_cost_json(cells: &Cells<'_>) -> Read<RowOutcome> {
    let day = report_day(cells)?;
    // The Cost Report gives cents as a decimal string: "36.844" is $0.36844.
    let cents = cells
        .decimal("amount")?
        .ok_or_else(|| cells.missing("amount"))?;
    let amount = quantize_for_storage(cents / Decimal::from(100));
    let currency = cells
        .currency("currency")?
        .ok_or_else(|| cells.missing("currency"))?;
    let mut line = cells.line();
    line.period_start = Some(day);
    line.period_end = Some(next_day(day));
    line.provider = Some(Provider::Anthropic);
    line.model = cells.text("model");
    line.line_item = cells
        .text("description")
        .or_else(|| cells.text("token_type"))
        .or_else(|| cells.text("cost_type"));
    line.workspace_id = cells.text("workspace_id");
    line.amount = Some(amount);
    line.currency = Some(currency);
    line.cost_basis = Some(CostBasis::Billed);
    line.charge_category = Some(usage_or_credit(amount));
    line.key_parts = vec![day.to_string()];
    line.key_parts.extend(cells.parts(&[
        "workspace_id",
        "description",
        "cost_type",
        "model",
        "service_tier",
        "token_type",
        "context_window",
        "inference_geo",
        "speed",
    ]));
    Ok(RowOutcome::Line(Box::new(line)))
}

fn anthropic_usage_json(cells: &Cells<'_>) -> Read<RowOutcome> {
    let day = report_day(cells)?;
    let mut line = cells.line();
    line.period_start = Some(day);
    line.period_end = Some(next_day(day));
    line.provider = Some(Provider::Anthropic);
    line.model = cells.text("model");
    // The tier decides the price (batch is half price).
    line.line_item = cells.text("service_tier");
    line.api_key_id = cells.text("api_key_id");
    line.workspace_id = cells.text("workspace_id");
    // The four input classes are disjoint.
    line.input_tokens = cells.count("uncached_input_tokens")?;
    line.cache_write_tokens = cells.count("cache_creation_ephemeral_5m_input_tokens")?;
    line.cache_write_1h_tokens = cells.count("cache_creation_ephemeral_1h_input_tokens")?;
    line.cached_input_tokens = cells.count("cache_read_input_tokens")?;
    line.output_tokens = cells.count("output_tokens")?;
    line.cost_basis = Some(CostBasis::Unpriced);
    line.charge_category = Some(ChargeCategory::Usage);
    line.key_parts = vec![day.to_string()];
    line.key_parts.extend(cells.parts(&[
        "api_key_id",
        "workspace_id",
        "account_id",
        "service_account_id",
        "model",
        "service_tier",
        "context_window",
        "inference_geo",
        "speed",
    ]));
    Ok(RowOutcome::Line(Box::new(line)))
}

/// LiteLLM writes JSON into cells: `["cc:CC-4410","app:recon"]` tags and a
/// metadata object with the key's alias and team.
fn litellm_json(cells: &Cells<'_>, name: &str) -> Read<Option<serde_json::Value>> {
    match cells.text(name) {
        None => Ok(None),
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|_| cells.reject(name, "is not JSON")),
    }
}

/// `cc:CC-4410` → (`cc`, `CC-4410`); a tag without a colon is `tag=<it>`.
fn litellm_tag(text: &str) -> (String, String) {
    match text.split_once(':') {
        Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
        None => ("tag".to_string(), text.trim().to_string()),
    }
}

fn litellm_provider(text: Option<String>) -> Option<Provider> {
    text.as_deref()
        .map(|p| Provider::parse(p).unwrap_or(Provider::Other))
}

fn litellm_log(cells: &Cells<'_>) -> Read<RowOutcome> {
    let day = cells
        .date("starttime")?
        .ok_or_else(|| cells.missing("starttime"))?;
    // LiteLLM's spend is its own estimate from its model price map.
    let amount = cells.amount("spend")?.unwrap_or_default();
    let mut line = cells.line();
    line.period_start = Some(day);
    line.period_end = Some(next_day(day));
    line.provider = litellm_provider(cells.text("custom_llm_provider"));
    line.model = cells.text("model");
    line.line_item = cells.text("call_type");
    line.api_key_id = cells.text("api_key");
    if let Some(meta) = litellm_json(cells, "metadata")? {
        let get = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
        line.api_key_name = get("user_api_key_alias");
        if let Some(team) = get("user_api_key_team_alias") {
            line.tags.push(("team".to_string(), team));
        }
        if let Some(extra) = meta.get("spend_logs_metadata").and_then(|v| v.as_object()) {
            for (k, v) in extra {
                if let Some(v) = v.as_str() {
                    line.tags.push((k.clone(), v.to_string()));
                }
            }
        }
    }
    if let Some(serde_json::Value::Array(tags)) = litellm_json(cells, "request_tags")? {
        line.tags
            .extend(tags.iter().filter_map(|t| t.as_str()).map(litellm_tag));
    }
    line.project_id = cells.text("team_id");
    line.input_tokens = cells.count("prompt_tokens")?;
    line.output_tokens = cells.count("completion_tokens")?;
    line.requests = Some(1);
    line.amount = Some(amount);
    line.currency = Some(Currency::USD);
    line.cost_basis = Some(CostBasis::List);
    line.charge_category = Some(usage_or_credit(amount));
    line.key_parts = cells.parts(&["request_id"]);
    Ok(RowOutcome::Line(Box::new(line)))
}

fn litellm_report(cells: &Cells<'_>) -> Read<RowOutcome> {
    let day = cells.date("date")?.ok_or_else(|| cells.missing("date"))?;
    let amount = cells
        .amount("spend ($)")?
        .ok_or_else(|| cells.missing("spend ($)"))?;
    let mut line = cells.line();
    line.period_start = Some(day);
    line.period_end = Some(next_day(day));
    line.model = cells.text("model");
    line.provider = None;
    if let Some(team) = cells.text("team") {
        line.tags.push(("team".to_string(), team));
    }
    if let Some(tag) = cells.text("tag") {
        line.tags.push(litellm_tag(&tag));
    }
    line.project_id = cells.text("team id").or_else(|| cells.text("tag id"));
    line.requests = cells.count("requests")?;
    line.input_tokens = cells.count("prompt tokens")?;
    line.output_tokens = cells.count("completion tokens")?;
    line.amount = Some(amount);
    line.currency = Some(Currency::USD);
    line.cost_basis = Some(CostBasis::List);
    line.charge_category = Some(usage_or_credit(amount));
    line.key_parts = vec![day.to_string()];
    line.key_parts
        .extend(cells.parts(&["team", "team id", "tag", "tag id", "model"]));
    Ok(RowOutcome::Line(Box::new(line)))
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_as_exports_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
        for text in [
            "2026-08-31",
            "2026-08-31T00:00:00",
            "2026-08-31T00:00:00+00:00",
            "2026-08-31T00:00:00Z",
            "2026-08-31 13:45:00",
            "8/31/2026",
            "8/31/26",
        ] {
            assert_eq!(parse_date(text), Some(d), "{text}");
        }
        assert_eq!(parse_date("31/08/2026"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
