//! The price book and FX rates: list, set, import. Setting or importing prices
//! prices the usage lines that were waiting for them.

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnection;
use ts_rs::TS;

use super::Engine;
use crate::error::{Error, Result};
use crate::import::Columns;
use crate::model::fx::FxRate;
use crate::model::month::Month;
use crate::model::price::{PriceBook, PriceEntry, Tokens, tier_of};
use crate::model::provider::Provider;
use crate::money::{Currency, parse_amount, to_nanos};
use crate::sheet::{Collect, Row};
use crate::store;

/// The list prices Runrate starts with (reference prices, dated and sourced).
const SEED_PRICES: &str = include_str!("../../assets/prices/list-prices.csv");

/// A price as typed in a form or a file row; every field is text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct PriceInput {
    /// `openai`, `anthropic`, …
    pub provider: String,
    /// Undated model id.
    pub model: String,
    /// `standard` (default), `batch`, `priority`, `flex`.
    pub tier: String,
    /// ISO 4217; default USD.
    pub currency: String,
    /// Per million uncached input tokens.
    pub input: String,
    /// Per million cached input tokens (blank = input price).
    pub cached_input: String,
    /// Per million cache-write tokens (blank = input price).
    pub cache_write: String,
    /// Per million one-hour cache-write tokens (blank = cache-write price).
    pub cache_write_1h: String,
    /// Per million output tokens.
    pub output: String,
    /// First day the price applies (YYYY-MM-DD).
    pub effective_from: String,
    /// Where the price comes from.
    pub source: String,
    /// When the source was read (YYYY-MM-DD), optional.
    pub captured_on: String,
}

/// What a price change did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PricesSaved {
    /// Entries saved.
    pub entries: Vec<PriceEntry>,
    /// Usage lines that were unpriced and now have an amount.
    pub lines_priced: u64,
}

/// An FX rate as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct FxInput {
    /// `YYYY-MM` (or any month label).
    pub month: String,
    /// From currency.
    pub from: String,
    /// To currency.
    pub to: String,
    /// Units of `to` per unit of `from`.
    pub rate: String,
    /// Where the rate comes from.
    pub source: String,
}

fn price_number(
    field: &str,
    text: &str,
    required: bool,
) -> std::result::Result<Option<Decimal>, String> {
    let text = text.trim();
    if text.is_empty() {
        return if required {
            Err(format!("{field} is required"))
        } else {
            Ok(None)
        };
    }
    let value = parse_amount(text)
        .map_err(|_| format!("{field} '{text}' is not a number"))?
        .value;
    if value.is_sign_negative() {
        return Err(format!("{field} '{text}' is negative"));
    }
    Ok(Some(value))
}

fn day(field: &str, text: &str) -> std::result::Result<NaiveDate, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{field} '{}' is not a date (YYYY-MM-DD)", text.trim()))
}

impl PriceInput {
    /// Checks the input; the message names the field.
    pub fn to_entry(&self) -> std::result::Result<PriceEntry, String> {
        let provider = Provider::parse(&self.provider).ok_or_else(|| {
            format!(
                "provider '{}' is not one Runrate knows",
                self.provider.trim()
            )
        })?;
        let model = self.model.trim().to_string();
        if model.is_empty() {
            return Err("model is required".into());
        }
        let tier = match self.tier.trim().to_lowercase().as_str() {
            "" | "default" | "standard" => "standard".to_string(),
            t @ ("batch" | "priority" | "flex") => t.to_string(),
            other => {
                return Err(format!(
                    "tier '{other}' is not standard, batch, priority or flex"
                ));
            }
        };
        let currency = if self.currency.trim().is_empty() {
            Currency::USD
        } else {
            Currency::parse(&self.currency).map_err(|_| {
                format!(
                    "currency '{}' is not an ISO 4217 code",
                    self.currency.trim()
                )
            })?
        };
        let source = self.source.trim().to_string();
        if source.is_empty() {
            return Err("source is required: say where the price comes from".into());
        }
        Ok(PriceEntry {
            id: 0,
            provider,
            model,
            tier,
            currency,
            input: price_number("input price", &self.input, true)?.unwrap_or_default(),
            cached_input: price_number("cached input price", &self.cached_input, false)?,
            cache_write: price_number("cache write price", &self.cache_write, false)?,
            cache_write_1h: price_number(
                "one-hour cache write price",
                &self.cache_write_1h,
                false,
            )?,
            output: price_number("output price", &self.output, true)?.unwrap_or_default(),
            effective_from: day("effective from", &self.effective_from)?,
            source,
            captured_on: match self.captured_on.trim() {
                "" => None,
                t => Some(day("captured on", t)?),
            },
        })
    }

    fn from_row(columns: &Columns, row: &Row) -> PriceInput {
        let get = |name: &str| columns.text(row, name).unwrap_or_default();
        PriceInput {
            provider: get("provider"),
            model: get("model"),
            tier: get("tier"),
            currency: get("currency"),
            input: get("input"),
            cached_input: get("cached_input"),
            cache_write: get("cache_write"),
            cache_write_1h: get("cache_write_1h"),
            output: get("output"),
            effective_from: get("effective_from"),
            source: get("source"),
            captured_on: get("captured_on"),
        }
    }
}

impl FxInput {
    /// Checks the input; the message names the field.
    pub fn to_rate(&self) -> std::result::Result<FxRate, String> {
        let month = crate::import::period::parse_month(&self.month, 1)
            .ok_or_else(|| format!("month '{}' is not a month (YYYY-MM)", self.month.trim()))?;
        let from = Currency::parse(&self.from).map_err(|_| {
            format!(
                "from currency '{}' is not an ISO 4217 code",
                self.from.trim()
            )
        })?;
        let to = Currency::parse(&self.to)
            .map_err(|_| format!("to currency '{}' is not an ISO 4217 code", self.to.trim()))?;
        if from == to {
            return Err("from and to are the same currency".into());
        }
        let rate = price_number("rate", &self.rate, true)?.unwrap_or_default();
        if rate.is_zero() {
            return Err("rate must be more than zero".into());
        }
        let source = self.source.trim().to_string();
        if source.is_empty() {
            return Err("source is required: say where the rate comes from".into());
        }
        Ok(FxRate {
            month: Month::to_string(&month),
            from,
            to,
            rate: rate.normalize(),
            source,
        })
    }

    fn from_row(columns: &Columns, row: &Row) -> FxInput {
        let get = |name: &str| columns.text(row, name).unwrap_or_default();
        FxInput {
            month: get("month"),
            from: get("from"),
            to: get("to"),
            rate: get("rate"),
            source: get("source"),
        }
    }
}

/// The header and data rows of a small table file; `#` rows are comments.
fn table_rows(rows: Vec<Row>) -> Option<(Columns, Vec<Row>)> {
    let mut rows = rows
        .into_iter()
        .filter(|r| !r.is_blank())
        .filter(|r| !r.cell(0).display().trim_start().starts_with('#'));
    let header = rows.next()?;
    Some((Columns::from_row(&header), rows.collect()))
}

/// Reads the first sheet of a small table file (CSV or workbook) whole: its
/// name and its rows.
pub(crate) fn read_sheet(path: &Path) -> Result<(String, Vec<Row>)> {
    let file = crate::sheet::file_name(path);
    let mut collect = Collect {
        max_rows: Some(100_000),
        ..Collect::default()
    };
    crate::sheet::read_path(path, &crate::sheet::Limits::default(), &mut collect)
        .map_err(|e| e.context(format!("File '{file}'")))?;
    let (info, rows) = collect
        .sheets
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid(format!("File '{file}' has no sheet")))?;
    Ok((info.name, rows))
}

/// Reads a small table file (CSV or workbook) whole: the first sheet's name,
/// its header row and the rows under it.
pub(crate) fn read_table(path: &Path) -> Result<(String, Columns, Vec<Row>)> {
    let (name, rows) = read_sheet(path)?;
    let (columns, rows) = table_rows(rows).ok_or_else(|| {
        Error::invalid(format!(
            "File '{}' has no header row",
            crate::sheet::file_name(path)
        ))
    })?;
    Ok((name, columns, rows))
}

/// The seed file's rows.
fn seed_entries() -> Result<Vec<PriceEntry>> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .has_headers(false)
        .from_reader(SEED_PRICES.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::internal("The seed price list is damaged").with_detail(e.to_string())
        })?;
        rows.push(Row {
            number: i as u32 + 1,
            cells: record
                .iter()
                .map(|t| crate::sheet::Cell::Text(t.to_string()))
                .collect(),
        });
    }
    let (columns, rows) =
        table_rows(rows).ok_or_else(|| Error::internal("The seed price list is empty"))?;
    rows.iter()
        .map(|row| {
            PriceInput::from_row(&columns, row)
                .to_entry()
                .map_err(|m| Error::internal(format!("Seed price list row {}: {m}", row.number)))
        })
        .collect()
}

/// Prices the live usage lines that have no amount yet; returns how many.
async fn price_waiting_lines(conn: &mut SqliteConnection) -> Result<u64> {
    let book = PriceBook::new(store::prices::list(conn).await?);
    let waiting: Vec<crate::store::imports::UnpricedLine> =
        store::imports::unpriced_lines(conn).await?;
    let mut priced = 0;
    for line in waiting {
        let (Some(provider), Ok(day)) = (
            line.provider.as_deref().and_then(Provider::parse),
            line.period_start.parse::<NaiveDate>(),
        ) else {
            continue;
        };
        let tokens = Tokens::from_counts(
            line.input_tokens,
            line.cached_input_tokens,
            line.cache_write_tokens,
            line.cache_write_1h_tokens,
            line.output_tokens,
        );
        if tokens.is_empty() {
            continue;
        }
        if let Ok(p) = book.price(
            provider,
            line.model.as_deref(),
            tier_of(line.line_item.as_deref()),
            day,
            tokens,
        ) {
            store::imports::set_computed_amount(
                conn,
                line.id,
                to_nanos(p.amount)?,
                p.currency.code(),
                p.price_id,
            )
            .await?;
            priced += 1;
        }
    }
    Ok(priced)
}

impl Engine {
    /// Fills an empty price book from the dated list prices shipped with Runrate.
    pub(crate) async fn seed_prices(&self) -> Result<()> {
        // Checked with a reader first: opening the database (every CLI call)
        // must not take the write lock once the book is filled.
        if store::prices::count(&mut *self.store.reader().await?).await? > 0 {
            return Ok(());
        }
        let mut tx = self.store.begin().await?;
        if store::prices::count(&mut tx).await? > 0 {
            return Ok(());
        }
        let now = self.now();
        for entry in seed_entries()? {
            store::prices::put(
                &mut tx,
                &entry,
                &now,
                "Runrate (assets/prices/list-prices.csv)",
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every price entry.
    pub async fn list_prices(&self) -> Result<Vec<PriceEntry>> {
        let mut conn = self.store.reader().await?;
        store::prices::list(&mut conn).await
    }

    async fn save_prices(&self, entries: Vec<PriceEntry>, origin: &str) -> Result<PricesSaved> {
        let mut tx = self.store.begin().await?;
        let actor = self.actor(&mut tx).await?;
        let now = self.now();
        let mut saved = Vec::new();
        for mut entry in entries {
            let before = store::prices::find(&mut tx, &entry).await?;
            entry.id = store::prices::put(&mut tx, &entry, &now, &actor).await?;
            self.record(
                &mut tx,
                "price.set",
                &format!("price:{}", entry.id),
                before.as_ref(),
                Some(&serde_json::json!({ "entry": &entry, "origin": origin })),
            )
            .await?;
            saved.push(entry);
        }
        let lines_priced = price_waiting_lines(&mut tx).await?;
        // Priced after the prices' events were written: the last one priced them.
        store::audit::stamp_line_changes(&mut tx).await?;
        tx.commit().await?;
        Ok(PricesSaved {
            entries: saved,
            lines_priced,
        })
    }

    /// Sets one price (replacing the entry for the same model, tier and date).
    pub async fn set_price(&self, input: PriceInput) -> Result<PricesSaved> {
        let entry = input
            .to_entry()
            .map_err(|m| Error::invalid(format!("Price: {m}")))?;
        self.save_prices(vec![entry], "entered").await
    }

    /// Imports prices from a CSV or workbook with the columns `provider, model,
    /// tier, currency, input, cached_input, cache_write, cache_write_1h, output,
    /// effective_from, source, captured_on`. All rows or none.
    pub async fn import_prices(&self, path: &Path) -> Result<PricesSaved> {
        let (sheet, columns, rows) = read_table(path)?;
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for row in &rows {
            match PriceInput::from_row(&columns, row).to_entry() {
                Ok(e) => entries.push(e),
                Err(m) => problems.push(format!("{sheet} row {}: {m}", row.number)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(format!(
                "No prices were imported: {}",
                problems.join("; ")
            )));
        }
        self.save_prices(
            entries,
            &format!("imported from {}", crate::sheet::file_name(path)),
        )
        .await
    }

    /// Every FX rate.
    pub async fn list_fx(&self) -> Result<Vec<FxRate>> {
        let mut conn = self.store.reader().await?;
        store::prices::fx_rates(&mut conn).await
    }

    async fn save_fx(&self, rates: Vec<FxRate>, origin: &str) -> Result<Vec<FxRate>> {
        let mut tx = self.store.begin().await?;
        let actor = self.actor(&mut tx).await?;
        let now = self.now();
        let existing = store::prices::fx_rates(&mut tx).await?;
        for rate in &rates {
            let before = existing
                .iter()
                .find(|r| r.month == rate.month && r.from == rate.from && r.to == rate.to);
            store::prices::put_fx(&mut tx, rate, &now, &actor).await?;
            self.record(
                &mut tx,
                "fx.set",
                &format!("fx:{}:{}{}", rate.month, rate.from.code(), rate.to.code()),
                before,
                Some(&serde_json::json!({ "rate": rate, "origin": origin })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(rates)
    }

    /// Sets one month's rate for a currency pair.
    pub async fn set_fx(&self, input: FxInput) -> Result<FxRate> {
        let rate = input
            .to_rate()
            .map_err(|m| Error::invalid(format!("FX rate: {m}")))?;
        let mut saved = self.save_fx(vec![rate], "entered").await?;
        saved
            .pop()
            .ok_or_else(|| Error::internal("the FX rate was not saved"))
    }

    /// Imports FX rates from a CSV or workbook with the columns `month, from,
    /// to, rate, source`. All rows or none.
    pub async fn import_fx(&self, path: &Path) -> Result<Vec<FxRate>> {
        let (sheet, columns, rows) = read_table(path)?;
        let mut rates = Vec::new();
        let mut problems = Vec::new();
        for row in &rows {
            match FxInput::from_row(&columns, row).to_rate() {
                Ok(r) => rates.push(r),
                Err(m) => problems.push(format!("{sheet} row {}: {m}", row.number)),
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(format!(
                "No FX rates were imported: {}",
                problems.join("; ")
            )));
        }
        self.save_fx(
            rates,
            &format!("imported from {}", crate::sheet::file_name(path)),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_price_list_reads_cleanly() {
        let entries = seed_entries().unwrap();
        assert!(entries.len() > 40);
        let sonnet: Vec<_> = entries
            .iter()
            .filter(|e| e.model == "claude-sonnet-5-5" && e.tier == "standard")
            .collect();
        assert_eq!(
            sonnet.len(),
            2,
            "the cache-read price changed on 2026-10-07"
        );
        assert!(entries.iter().all(|e| !e.source.is_empty()));
    }
}
